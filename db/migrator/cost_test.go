package migrator

import (
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// TestMigratePendingCostsAFixedNumberOfStatementsPerMigration measures the
// statements of applying 10 and 40 one-statement migrations: the difference
// divided by 30 is the cost of one migration. BEGIN and COMMIT do not pass
// through GORM's callbacks, so the per-migration figures are, on
// PostgreSQL, the migration and its row (the timeouts are set once for the
// whole run, not per migration); on SQLite, the recheck of the row, the migration, the
// foreign key check and the row. gormigrate with UseTransaction costs three
// per migration (count, migration, row) in one transaction for all.
func TestMigratePendingCostsAFixedNumberOfStatementsPerMigration(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		open func(testing.TB) *gorm.DB
		opts []Option
		want int64
	}{
		{"postgres", func(t testing.TB) *gorm.DB { return testdb.Postgres(t) }, []Option{WithStatementTimeouts(0, 0)}, 2},
		{"postgres with timeouts", func(t testing.TB) *gorm.DB { return testdb.Postgres(t) }, nil, 2},
		{"sqlite", func(t testing.TB) *gorm.DB { return testdb.SQLite(t) }, nil, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			cost := func(n int) int64 {
				gdb := c.open(t)
				opts, _ := testOpts(mustHistory(t, tableChain(n)...), c.opts...)
				count := countStatements(t, gdb)
				if err := testMigrate(ctx, gdb, opts...); err != nil {
					t.Fatal(err)
				}
				return count.Load()
			}
			small, large := cost(10), cost(40)
			if per := (large - small) / 30; per != c.want || (large-small)%30 != 0 {
				t.Fatalf("10 migrations cost %d statements, 40 cost %d: %d per migration, want %d", small, large, per, c.want)
			}
			// 13 (the lock's transaction, its peek and its release
			// included), and on PostgreSQL the digest's rewrite (a
			// transaction of three statements: lock and trigger, read,
			// comment).
			if fixed := small - 10*c.want; fixed > 16 {
				t.Errorf("a run costs %d statements besides its migrations, want at most 16", fixed)
			}
			t.Logf("statements: %d for 10 migrations, %d for 40", small, large)
		})
	}
}
