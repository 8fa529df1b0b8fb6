package migrator

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// A DDL statement that fails inside a batch is reported exactly as an
// unbatched run reports it: the error the migration's own code returns,
// wrapping the server's message, with the migration named.
func TestABatchedStatementThatFailsIsReportedAsTheMigrationsOwnError(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	ms := tableChain(3)
	ms[1].Migrate = func(tx *gorm.DB) error {
		if err := tx.Exec(`CREATE TABLE "t02" (x integer)`).Error; err != nil {
			return err
		}
		if err := tx.Exec(`ALTER TABLE "t02" ADD COLUMN "x" integer`).Error; err != nil {
			return errors.New("add column x to t02: " + err.Error())
		}
		return nil
	}
	opts, _ := testOpts(mustHistory(t, ms...))
	err := testMigrate(ctx, gdb, opts...)
	var pe *PartialError
	if !errors.As(err, &pe) || pe.Failed != "m02" || !slices.Equal(pe.Applied, []string{"m01"}) {
		t.Fatalf("err = %v, want a *PartialError failing m02 after m01", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "add column x to t02: ") || !strings.Contains(msg, `column "x" of relation "t02" already exists`) {
		t.Errorf("error %q is not the migration's own error with the server's message", msg)
	}
	wantTables(t, gdb, []string{"t01"}, []string{"t02", "t03"})
	wantRecorded(t, gdb, "m01")
}

// A migration reads what its earlier statements did: a query sends the
// waiting DDL first. A nested transaction (a savepoint) works as unbatched.
func TestABatchedMigrationReadsItsOwnDDLAndNestsTransactions(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	ms := tableChain(2)
	var seen int64 = -1
	ms[1].Migrate = func(tx *gorm.DB) error {
		if err := tx.Exec(`CREATE TABLE "t02" (x integer) -- ends in a comment`).Error; err != nil {
			return err
		}
		if err := tx.Exec(`COMMENT ON TABLE "t02" IS 'semicolon; inside'`).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT count(*) FROM pg_tables WHERE tablename = 't02'`).Scan(&seen).Error; err != nil {
			return err
		}
		return tx.Transaction(func(inner *gorm.DB) error {
			return inner.Exec(`INSERT INTO "t02" (x) VALUES (?)`, 7).Error
		})
	}
	opts, _ := testOpts(mustHistory(t, ms...))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	if seen != 1 {
		t.Errorf("the migration saw %d tables t02 after creating it, want 1", seen)
	}
	var x int
	if err := gdb.Raw(`SELECT x FROM "t02"`).Scan(&x).Error; err != nil || x != 7 {
		t.Errorf("t02 holds x = %d (%v), want 7", x, err)
	}
	wantRecorded(t, gdb, "m01", "m02")
}
