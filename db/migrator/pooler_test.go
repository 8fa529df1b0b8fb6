package migrator

import (
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/internal/pgbouncer"
	"github.com/matar-app/matardb/internal/testdb"
)

// poolerModes are the PgBouncer modes the pooler tests run in, with their
// pool sizes: transaction pooling with a pool much smaller than the
// clients, session pooling with a server connection for each.
var poolerModes = map[string]int{pgbouncer.Transaction: 4, pgbouncer.Session: 40}

func TestSixteenProcessesThroughPgBouncerApplyEachMigrationOnceAndLeaveNoLockNorSetting(t *testing.T) {
	for mode, size := range poolerModes {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			direct := testdb.PostgresURL(t)
			b := pgbouncer.Start(t, mode, size)
			gdb := openURL(t, direct)
			testConcurrentProcessesApplyEachMigrationOnce(t, b.URL(direct), gdb, 16, true)
			b.WantClean(t, direct)

			opts, _ := testOpts(mustHistory(t, counterMigrations(7)...), WithLockWait(2*time.Second))
			start := time.Now()
			if err := testMigrate(ctx, gdb, opts...); err != nil {
				t.Fatalf("a direct run with one new migration after the pooled runs: %v", err)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("a direct run with one new migration took %v: it waited for a lock the pooled runs left", took)
			}
			wantRecorded(t, gdb, "c01", "c02", "c03", "c04", "c05", "c06", "c07")
		})
	}
}

func TestProcessKilledThroughPgBouncerLeavesNoLockAndTheNextRunGoesOn(t *testing.T) {
	for mode, size := range poolerModes {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			direct := testdb.PostgresURL(t)
			b := pgbouncer.Start(t, mode, size)
			p := startHelpers(t, b.URL(direct), "sleep", 1)[0]
			p.stdin.Close()
			waitForLine(t, p, "in-migration")
			gdb := openURL(t, direct)
			waitForQuery(t, gdb, "SELECT pg_sleep(60)")
			p.cmd.Process.Kill()
			p.cmd.Wait()

			pooled := openURL(t, b.URL(direct))
			wantNextRunWithin(t, pooled, 20*time.Second, 5*time.Second)
			wantRecorded(t, gdb, "h01", "h02")
			sqlDB, _ := pooled.DB()
			sqlDB.Close() // in session mode its server connections are its own until it leaves
			b.WantClean(t, direct)
		})
	}
}

func TestFailedRunThroughPgBouncerLeavesNoLockNorSetting(t *testing.T) {
	direct := testdb.PostgresURL(t)
	b := pgbouncer.Start(t, pgbouncer.Transaction, 2)
	pooled := openURL(t, b.URL(direct))
	ms := tableChain(3)
	ms[2].Migrate = func(tx *gorm.DB) error { return errors.New("deliberate") }
	opts, _ := testOpts(mustHistory(t, ms...))
	var pe *PartialError
	if err := testMigrate(ctx, pooled, opts...); !errors.As(err, &pe) || pe.Failed != "m03" {
		t.Fatalf("err = %v, want m03 to fail", err)
	}
	gdb := openURL(t, direct)
	wantRecorded(t, gdb, "m01", "m02")
	b.WantClean(t, direct)
}

// openURL opens rawURL with Open and closes it when t ends.
func openURL(t *testing.T, rawURL string) *gorm.DB {
	t.Helper()
	gdb, err := connect.Open(ctx, rawURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB, _ := gdb.DB(); sqlDB.Close() })
	return gdb
}

// wantNextRunWithin runs the hanging history on gdb after a process running
// it was killed, waiting for the lock at most wait, and fails unless the run
// succeeds within bound: the killed process's lock did not outlive it.
func wantNextRunWithin(t *testing.T, gdb *gorm.DB, wait, bound time.Duration) {
	t.Helper()
	opts, _ := testOpts(mustHistory(t, hangingMigrations(false)...), WithLockWait(wait))
	start := time.Now()
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > bound {
		t.Errorf("the next run took %v: the killed process's lock outlived it", took)
	}
}

func TestConcurrentIndexMigrationThroughPgBouncerRunsOnceUnderTheLock(t *testing.T) {
	t.Parallel()
	direct := testdb.PostgresURL(t)
	b := pgbouncer.Start(t, pgbouncer.Transaction, 4)
	h := concurrentIndexHistory(t)
	errs := make(chan error, 4)
	for range 4 {
		pooled := openURL(t, b.URL(direct))
		go func() {
			opts, _ := testOpts(h)
			errs <- testMigrate(ctx, pooled, opts...)
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("a run through the pooler: %v", err)
		}
	}
	gdb := openURL(t, direct)
	var valid bool
	if err := gdb.Raw(`SELECT indisvalid FROM pg_index WHERE indexrelid = 'u_x'::regclass`).Row().Scan(&valid); err != nil || !valid {
		t.Fatalf("index u_x valid = %v, %v", valid, err)
	}
	wantRecorded(t, gdb, "i01", "i02")
	b.WantClean(t, direct)
}
