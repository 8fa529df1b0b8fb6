package migrator

import (
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

func migrated(t *testing.T, gdb *gorm.DB, n int, more ...Option) []Option {
	t.Helper()
	opts, _ := testOpts(mustHistory(t, tableChain(n)...), more...)
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	return opts
}

func TestRollbackToAnIDUndoesEveryMigrationAfterIt(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		migrated(t, gdb, 4)
		opts, log := testOpts(mustHistory(t, tableChain(4)...))
		if err := testRollback(ctx, gdb, "m02", opts...); err != nil {
			t.Fatal(err)
		}
		wantTables(t, gdb, []string{"t01", "t02"}, []string{"t03", "t04"})
		wantRecorded(t, gdb, "m01", "m02")
		if n := strings.Count(log.String(), `msg="rolled back migration"`); n != 2 {
			t.Errorf("%d 'rolled back migration' lines, want 2:\n%s", n, log)
		}
	})
}

func TestRollbackMinusNUndoesTheLastNApplied(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		opts := migrated(t, gdb, 3)
		if err := testRollback(ctx, gdb, "-1", opts...); err != nil {
			t.Fatal(err)
		}
		wantTables(t, gdb, []string{"t02"}, []string{"t03"})
		if err := testRollback(ctx, gdb, "-2", opts...); err != nil {
			t.Fatal(err)
		}
		wantTables(t, gdb, []string{"migrations"}, []string{"t01", "t02"})
		wantRecorded(t, gdb)
		if err := testRollback(ctx, gdb, "-1", opts...); !errors.Is(err, ErrUnknownTarget) {
			t.Fatalf("-1 with nothing applied: err = %v, want ErrUnknownTarget", err)
		}
	})
}

func TestRollbackBaseLeavesOnlyTheBookkeepingTable(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		opts := migrated(t, gdb, 3)
		if err := testRollback(ctx, gdb, Base, opts...); err != nil {
			t.Fatal(err)
		}
		wantTables(t, gdb, []string{"migrations"}, []string{"t01", "t02", "t03"})
		wantRecorded(t, gdb)
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatalf("migrate again after rolling back everything: %v", err)
		}
		wantRecorded(t, gdb, "m01", "m02", "m03")
	})
}

func TestRollbackNeverRunsTheRollbackOfAMigrationThatIsNotApplied(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ms := tableChain(4)
		calls := map[string]int{}
		for i := range ms {
			m := &ms[i]
			down := m.Rollback
			m.Rollback = func(tx *gorm.DB) error { calls[m.ID]++; return down(tx) }
		}
		h := mustHistory(t, ms...)
		opts, _ := testOpts(h, withTarget("m02"))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		opts, _ = testOpts(h)
		if err := testRollback(ctx, gdb, "m03", opts...); !errors.Is(err, ErrNotApplied) || !strings.Contains(err.Error(), "m03") {
			t.Fatalf("rollback to unapplied m03: err = %v, want ErrNotApplied naming it", err)
		}
		if err := testRollback(ctx, gdb, "nope", opts...); !errors.Is(err, ErrUnknownTarget) {
			t.Fatalf("rollback to nope: err = %v, want ErrUnknownTarget", err)
		}
		if err := testRollback(ctx, gdb, "-3", opts...); !errors.Is(err, ErrUnknownTarget) {
			t.Fatalf("rollback -3 with 2 applied: err = %v, want ErrUnknownTarget", err)
		}
		if err := testRollback(ctx, gdb, Base, opts...); err != nil {
			t.Fatal(err)
		}
		if calls["m03"] != 0 || calls["m04"] != 0 || calls["m01"] != 1 || calls["m02"] != 1 {
			t.Fatalf("Rollback calls = %v, want m01 and m02 once, m03 and m04 never", calls)
		}
	})
}

func TestRollbackRefusesAMigrationWithoutRollbackChangingNothing(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ms := tableChain(4)
		ms[2].Rollback = nil
		opts, _ := testOpts(mustHistory(t, ms...))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		err := testRollback(ctx, gdb, "m01", opts...)
		if !errors.Is(err, ErrIrreversible) || !strings.Contains(err.Error(), "m03") {
			t.Fatalf("err = %v, want ErrIrreversible naming m03", err)
		}
		wantTables(t, gdb, []string{"t01", "t02", "t03", "t04"}, nil)
		wantRecorded(t, gdb, "m01", "m02", "m03", "m04")
	})
}

func TestRollbackFailureKeepsThatMigrationAppliedAndNamesIt(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ms := tableChain(3)
		ms[1].Rollback = func(tx *gorm.DB) error {
			if err := tx.Exec(`DROP TABLE "t02"`).Error; err != nil {
				return err
			}
			return errors.New("deliberate")
		}
		opts, _ := testOpts(mustHistory(t, ms...))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		err := testRollback(ctx, gdb, Base, opts...)
		if err == nil || !strings.Contains(err.Error(), "m02") || !strings.Contains(err.Error(), "deliberate") {
			t.Fatalf("err = %v, want one naming m02 and its cause", err)
		}
		wantTables(t, gdb, []string{"t01", "t02"}, []string{"t03"})
		wantRecorded(t, gdb, "m01", "m02")
	})
}

func TestRollbackRefusesWhileTheDatabaseIsAheadOfTheCode(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		migrated(t, gdb, 3)
		opts, _ := testOpts(mustHistory(t, tableChain(2)...))
		if err := testRollback(ctx, gdb, "-1", opts...); !errors.Is(err, ErrUnknownApplied) {
			t.Fatalf("err = %v, want ErrUnknownApplied", err)
		}
		wantRecorded(t, gdb, "m01", "m02", "m03")
	})
}

// Down planned under the lock, but a caller that showed RollbackPlan first
// (the command line lists what it drops and asks) could roll back other
// migrations than those shown when the database changed in between.
func TestDownAsPlannedRefusesWhenTheDatabaseChangedSinceThePlan(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		opts := migrated(t, gdb, 3)
		m, _, err := build(gdb, opts)
		if err != nil {
			t.Fatal(err)
		}
		planned, err := m.RollbackPlan(ctx, "-1")
		if err != nil || len(planned) != 1 || planned[0].ID != "m03" {
			t.Fatalf("RollbackPlan(-1) = %v, %v; want m03", planned, err)
		}
		// Another process rolls m03 back meanwhile: -1 now means m02.
		if err := testRollback(ctx, gdb, "-1", opts...); err != nil {
			t.Fatal(err)
		}
		err = m.DownAsPlanned(ctx, "-1", planned)
		if !errors.Is(err, ErrPlanChanged) {
			t.Fatalf("DownAsPlanned after the change: err = %v, want ErrPlanChanged", err)
		}
		want := "the migrations to roll back changed since they were planned (planned: m03; under the migration lock: m02): " +
			"another process applied or rolled back migrations meanwhile, and nothing was rolled back"
		if err.Error() != want {
			t.Errorf("error = %q, want %q", err, want)
		}
		wantTables(t, gdb, []string{"t01", "t02"}, []string{"t03"})
		wantRecorded(t, gdb, "m01", "m02")

		// Planned again, it rolls back what it planned.
		if planned, err = m.RollbackPlan(ctx, "-1"); err != nil {
			t.Fatal(err)
		}
		if err := m.DownAsPlanned(ctx, "-1", planned); err != nil {
			t.Fatal(err)
		}
		wantTables(t, gdb, []string{"t01"}, []string{"t02"})
		wantRecorded(t, gdb, "m01")
	})
}
