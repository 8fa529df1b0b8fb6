package migrations_test

import (
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/matar-app/matardb/internal/testdb"
)

// The ported migrations build, revision by revision, exactly the PostgreSQL
// schema Alembic builds from the seed's revisions: the same pg_dump, type
// for type and name for name, and the same schema read from the catalog.
func TestPortBuildsExactlyWhatAlembicBuildsOnPostgres(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	alembicURL, portURL := testdb.PostgresURL(t), testdb.PostgresURL(t)
	alembic, port := openPostgres(t, alembicURL), openPostgres(t, portURL)
	for i, rev := range alembicHistory {
		alembicUpgrade(t, alembic, i)
		upgrade(t, port, h, rev.id)
		want, got := pgDumpSchema(t, alembicURL), pgDumpSchema(t, portURL)
		if got != want {
			t.Fatalf("at %s, pg_dump of the port differs from Alembic's (- Alembic, + port):\n%s", rev.id, lineDiff(want, got))
		}
		sameSchema(t, "at "+rev.id+", the port's catalog against Alembic's", readSchema(t, port), readSchema(t, alembic))
	}
}

func openPostgres(t *testing.T, url string) *gorm.DB {
	t.Helper()
	gdb, err := gorm.Open(postgres.Open(url), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() {
		if sqlDB, err := gdb.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return gdb
}
