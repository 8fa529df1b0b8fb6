package oracle_test

import (
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/internal/oracle"
	"gorm.io/gorm"
	gormschema "gorm.io/gorm/schema"
)

// lamp is this test's own model: a table, an indexed column, and a column
// a test drops to see AutoMigrate add it back.
type lamp struct {
	ID    uint
	Watts int    `gorm:"index"`
	Color string `gorm:"size:20"`
}

func lamps() oracle.Set { return oracle.Set{Models: []any{&lamp{}}} }

// TestDDLReturnsWhatAutoMigrateWouldChange guards the oracle itself: on a
// database AutoMigrate built and someone then changed, DDL returns exactly
// the statements that put back the index and the column, and after they
// ran, nothing.
func TestDDLReturnsWhatAutoMigrateWouldChange(t *testing.T) {
	t.Parallel()
	for _, d := range dialect.All {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			_, gdb := oracle.AutoMigrate(t, d, lamps())
			exec(t, gdb, `DROP INDEX idx_lamps_watts`, `ALTER TABLE lamps DROP COLUMN color`)
			ddl, err := oracle.DDL(t.Context(), gdb, lamps())
			if err != nil {
				t.Fatal(err)
			}
			if len(ddl) != 2 || !strings.Contains(ddl[0], "ADD") || !strings.Contains(ddl[0], "color") ||
				!strings.Contains(ddl[1], "CREATE INDEX") || !strings.Contains(ddl[1], "idx_lamps_watts") {
				t.Errorf("DDL = %q, want the ADD of color and the CREATE INDEX of idx_lamps_watts", ddl)
			}
			if again, err := oracle.DDL(t.Context(), gdb, lamps()); err != nil || len(again) != 0 {
				t.Errorf("DDL after AutoMigrate repaired the table = %q, %v; want nothing", again, err)
			}
		})
	}
}

func TestAutoMigrateOpensWithTheSetsConfig(t *testing.T) {
	t.Parallel()
	set := lamps()
	set.Config = func() *gorm.Config {
		return &gorm.Config{NamingStrategy: gormschema.NamingStrategy{TablePrefix: "x_"}}
	}
	s, _ := oracle.AutoMigrate(t, dialect.SQLite, set)
	if got := s.TableNames(); len(got) != 1 || got[0] != "x_lamps" {
		t.Errorf("tables = %q, want [x_lamps] under the set's naming strategy", got)
	}
}

func exec(t *testing.T, gdb *gorm.DB, statements ...string) {
	t.Helper()
	for _, s := range statements {
		if err := gdb.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
