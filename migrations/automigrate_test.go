package migrations_test

import (
	"testing"

	"github.com/matar-app/matardb/internal/oracle"
	"github.com/matar-app/matardb/internal/testdb"
	"github.com/matar-app/matardb/models"
)

// TestAutoMigrateFindsNothingToDoOnMatarsPostgresDatabase: the models
// state the names of Matar's Alembic-era indexes and foreign keys in their
// tags, so GORM's AutoMigrate, run with GORM's default configuration on
// the database the history builds, sends no DDL: no second copy of an
// index under GORM's name, no second foreign key.
func TestAutoMigrateFindsNothingToDoOnMatarsPostgresDatabase(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	h := theHistory(t)
	upgrade(t, gdb, h, h.Head())
	ddl, err := oracle.DDL(t.Context(), gdb, oracle.Set{Models: models.All()})
	if err != nil || len(ddl) > 0 {
		t.Errorf("AutoMigrate sent %q, %v; want nothing", ddl, err)
	}
}
