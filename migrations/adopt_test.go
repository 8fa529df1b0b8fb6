package migrations_test

import (
	"context"
	"slices"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
)

// A database Alembic built, holding rows, is adopted by the migrator with the
// real history: the revisions up to alembic_version are recorded as adopted
// without running (running them would fail: their tables exist), the later
// migrations run, the rows are intact, and the schema ends exactly where a
// database built by the migrations alone ends.
func TestMigrateAdoptsAnAlembicDatabaseKeepingItsRows(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	for _, rev := range []string{"01ea0e75088a", "4640e9af0234"} {
		t.Run("at "+rev, func(t *testing.T) {
			t.Parallel()
			testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
				buildAlembicDatabase(t, gdb, rev)
				insertRows(t, gdb, rev == "01ea0e75088a")
				cols := columnsAt(rev)
				before := readInserted(t, gdb, cols)

				if err := newMigrator(t, gdb, h).Up(context.Background()); err != nil {
					t.Fatalf("Migrate: %v", err)
				}

				pos, _ := h.Position(rev)
				var want []record
				for i, m := range h.Migrations() {
					want = append(want, record{m.ID, string(migrator.StateApplied)})
					if i <= pos {
						want[i].Status = string(migrator.StateAdopted)
					}
				}
				if got := records(t, gdb); !slices.Equal(got, want) {
					t.Errorf("bookkeeping = %v, want %v", got, want)
				}
				for table, rows := range before {
					if got := readTable(t, gdb, table, cols[table]); !sameRows(got, rows) {
						t.Errorf("%s after adoption:\n got %v\nwant %v", table, got, rows)
					}
				}
				sameSchema(t, "the adopted database against one the migrations built", readSchema(t, gdb), builtByMigrations(t, gdb))
			})
		})
	}
}

// record is one row of the bookkeeping table.
type record struct{ ID, Status string }

// records reads the bookkeeping table in the order its rows were written.
func records(t *testing.T, gdb *gorm.DB) []record {
	t.Helper()
	var out []record
	q := `SELECT "id", "status" FROM "` + migrator.TableName + `" ORDER BY "seq"`
	if err := gdb.Raw(q).Scan(&out).Error; err != nil {
		t.Fatalf("read %s: %v", migrator.TableName, err)
	}
	return out
}

// builtByMigrations returns the schema of a fresh database of gdb's dialect
// brought to the history's head by the migrations.
func builtByMigrations(t *testing.T, gdb *gorm.DB) *schema.Schema {
	t.Helper()
	var fresh *gorm.DB
	if gdb.Dialector.Name() == "postgres" {
		fresh = testdb.Postgres(t)
	} else {
		fresh = testdb.SQLite(t)
	}
	h := theHistory(t)
	upgrade(t, fresh, h, h.Head())
	return readSchema(t, fresh)
}
