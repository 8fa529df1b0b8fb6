package migrator

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/pgbouncer"
	"github.com/matar-app/matardb/internal/testdb"
)

// TestARunWhoseLockTransactionIsTerminatedStopsAndRollsBackItsMigration
// terminates the lock holder's backend while a migration sleeps in a
// statement, direct and through a transaction-mode PgBouncer: the run must
// stop with ErrLockLost instead of going on unguarded, its migration
// rolled back, and the next run apply it.
func TestARunWhoseLockTransactionIsTerminatedStopsAndRollsBackItsMigration(t *testing.T) {
	for name, via := range map[string]func(t *testing.T, direct string) string{
		"direct": func(_ *testing.T, direct string) string { return direct },
		"pgbouncer": func(t *testing.T, direct string) string {
			return pgbouncer.Start(t, pgbouncer.Transaction, 4).URL(direct)
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			direct := testdb.PostgresURL(t)
			testLockLostStopsTheRun(t, openURL(t, via(t, direct)), openURL(t, direct))
		})
	}
}

// testLockLostStopsTheRun runs a slow migration on run, terminates its
// lock transaction's backend, seen on direct, and checks that the run
// stopped and the next one goes on.
func testLockLostStopsTheRun(t *testing.T, run, direct *gorm.DB) {
	done := make(chan error, 1)
	go func() {
		opts, _ := testOpts(mustHistory(t, slowSecondMigration(`SELECT pg_sleep(30)`)...))
		done <- testMigrate(ctx, run, opts...)
	}()
	waitForQuery(t, direct, "SELECT pg_sleep(30)")
	terminateLockHolder(t, direct)

	var err error
	select {
	case err = <-done:
	case <-time.After(4 * lockHeartbeat):
		t.Fatalf("the run went on for %v after its lock transaction was terminated", 4*lockHeartbeat)
	}
	if !errors.Is(err, ErrLockLost) || !strings.HasPrefix(err.Error(), "lost the migration lock") {
		t.Fatalf("err = %v, want ErrLockLost, said first", err)
	}
	wantTables(t, direct, []string{"t01"}, []string{"t02"})
	wantRecorded(t, direct, "m01")

	opts, _ := testOpts(mustHistory(t, tableChain(2)...), WithLockWait(5*time.Second))
	if err := testMigrate(ctx, run, opts...); err != nil {
		t.Fatalf("the next run: %v", err)
	}
	wantTables(t, direct, []string{"t01", "t02"}, nil)
	wantRecorded(t, direct, "m01", "m02")
}

// slowSecondMigration is tableChain(2) whose second migration, after
// creating its table, runs slow.
func slowSecondMigration(slow string) []history.Migration {
	ms := tableChain(2)
	ms[1].Migrate = func(tx *gorm.DB) error {
		if err := tx.Exec(`CREATE TABLE "t02" (x integer)`).Error; err != nil {
			return err
		}
		return tx.Exec(slow).Error
	}
	return ms
}

// terminateLockHolder ends the backend holding the migration lock.
func terminateLockHolder(t *testing.T, gdb *gorm.DB) {
	t.Helper()
	h, err := lockHolder(ctx, gdb)
	if err != nil || h == nil {
		t.Fatalf("lock holder = %v, %v; want the running migration's lock transaction", h, err)
	}
	var ok bool
	if err := gdb.Raw(`SELECT pg_terminate_backend(?)`, h.pid).Row().Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", h.pid, ok, err)
	}
}

// TestARunWhoseServerStopsAnsweringStopsWithinTheLockLease silences the
// server, as a network that drops everything would, while a migration
// sleeps in a statement: the heartbeat gets no answer, and the run must
// stop with ErrLockLost within the lease instead of waiting forever.
func TestARunWhoseServerStopsAnsweringStopsWithinTheLockLease(t *testing.T) {
	t.Parallel()
	direct := testdb.PostgresURL(t)
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	p := startProxy(t, u.Host)
	u.Host = p.addr
	run, check := openURL(t, u.String()), openURL(t, direct)
	done := make(chan error, 1)
	go func() {
		opts, _ := testOpts(mustHistory(t, slowSecondMigration(`SELECT pg_sleep(60)`)...))
		done <- testMigrate(ctx, run, opts...)
	}()
	waitForQuery(t, check, "SELECT pg_sleep(60)")
	p.silence(true)
	bound := lockLease + 2*lockHeartbeat + lockRelease
	select {
	case err = <-done:
	case <-time.After(bound):
		t.Fatalf("the run still waited %v after the server stopped answering", bound)
	}
	if !errors.Is(err, ErrLockLost) || !strings.Contains(err.Error(), "did not answer within 10s") {
		t.Fatalf("err = %v, want ErrLockLost saying the lock transaction did not answer", err)
	}
	// The silenced migration's backend lives on until its own connection
	// closes (pgx first waits up to 15 s for a cancel request it cannot
	// deliver), so the next run is left to the test above.
	wantRecorded(t, check, "m01")
}
