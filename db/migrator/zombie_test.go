package migrator

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// TestAMigrationWhoseLockEndedWhileItsMessageWaitedDoesNotCommit ends the
// lock transaction while the second migration's message (its DDL, its row
// and COMMIT AND CHAIN) waits for a table lock the test holds, then
// releases the table lock before the heartbeat can notice: the server runs
// the rest of the message, which must not commit, whether nobody holds the
// migration lock by then or another run took it. This is what a process
// killed in the middle of a migration leaves behind: its backend already
// has the whole message, and its lock is gone. Rolling back goes through
// the same message, and is checked the same way.
func TestAMigrationWhoseLockEndedWhileItsMessageWaitedDoesNotCommit(t *testing.T) {
	t.Parallel()
	for _, rollback := range []bool{false, true} {
		for _, retaken := range []bool{false, true} {
			name := "apply"
			if rollback {
				name = "rollback"
			}
			if retaken {
				name += "/lock taken by another run"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				testLockEndedWhileMessageWaited(t, rollback, retaken)
			})
		}
	}
}

func testLockEndedWhileMessageWaited(t *testing.T, rollback, retaken bool) {
	gdb := openURL(t, testdb.PostgresURL(t))
	if err := gdb.Exec(`CREATE TABLE "held" (x integer)`).Error; err != nil {
		t.Fatal(err)
	}
	ms := tableChain(2)
	// Both directions of m02 wait for the table lock on "held" in their
	// message, after a statement of their own.
	ms[1].Migrate = func(tx *gorm.DB) error {
		if err := tx.Exec(`CREATE TABLE "t02" (x integer)`).Error; err != nil {
			return err
		}
		return tx.Exec(`ALTER TABLE "held" ADD COLUMN "y" integer`).Error
	}
	ms[1].Rollback = func(tx *gorm.DB) error {
		if err := tx.Exec(`DROP TABLE "t02"`).Error; err != nil {
			return err
		}
		return tx.Exec(`ALTER TABLE "held" DROP COLUMN "y"`).Error
	}
	h := mustHistory(t, ms...)
	if rollback {
		opts, _ := testOpts(h)
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
	}

	sqlDB, err := gdb.DB()
	if err != nil {
		t.Fatal(err)
	}
	holder, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback()
	if _, err := holder.Exec(`LOCK TABLE "held" IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		opts, _ := testOpts(h)
		if rollback {
			done <- testRollback(ctx, gdb, "m01", opts...)
		} else {
			done <- testMigrate(ctx, gdb, opts...)
		}
	}()
	waitForLockWait(t, gdb, `ALTER TABLE "held"`)
	terminateLockHolder(t, gdb)
	for deadline := time.Now().Add(5 * time.Second); migrationLockHeld(t, gdb); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the terminated lock transaction still holds the migration lock 5s later")
		}
	}
	if retaken {
		other, err := sqlDB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Rollback()
		if _, err := other.Exec(`SELECT pg_advisory_xact_lock($1)`, AdvisoryLockKey); err != nil {
			t.Fatal(err)
		}
	}
	if err := holder.Rollback(); err != nil {
		t.Fatal(err)
	}

	select {
	case err = <-done:
	case <-time.After(4 * lockHeartbeat):
		t.Fatalf("the run went on for %v after its lock transaction was terminated", 4*lockHeartbeat)
	}
	what := "before migration m02 could commit"
	if rollback {
		what = "before the rollback of migration m02 could commit"
	}
	if !errors.Is(err, ErrLockLost) || !strings.Contains(err.Error(), what) {
		t.Errorf("err = %v, want ErrLockLost saying %q", err, what)
	}
	t.Logf("the run's error: %v", err)
	var y int64
	if err := gdb.Raw(`SELECT count(*) FROM information_schema.columns WHERE table_name = 'held' AND column_name = 'y'`).
		Row().Scan(&y); err != nil {
		t.Fatal(err)
	}
	if rollback {
		wantTables(t, gdb, []string{"t01", "t02"}, nil)
		wantRecorded(t, gdb, "m01", "m02")
		if y != 1 {
			t.Error(`column "held"."y", dropped by the rollback whose lock ended, is missing`)
		}
		return
	}
	wantTables(t, gdb, []string{"t01"}, []string{"t02"})
	wantRecorded(t, gdb, "m01")
	if y != 0 {
		t.Error(`column "held"."y", added by the migration whose lock ended, exists`)
	}
}

// waitForLockWait waits until a session of gdb's database waits for a lock
// in a statement containing what.
func waitForLockWait(t *testing.T, gdb *gorm.DB, what string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var n int64
		err := gdb.Raw(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
			AND strpos(query, ?) > 0`, what).Row().Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatalf("no session waited for a lock in %q within 10s", what)
}

// migrationLockHeld reports whether a session holds the migration lock.
func migrationLockHeld(t *testing.T, gdb *gorm.DB) bool {
	t.Helper()
	var n int64
	err := gdb.Raw(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = ? AND objid = ? AND objsubid = 1
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
		AdvisoryLockKey>>32, AdvisoryLockKey&0xffffffff).Row().Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n > 0
}
