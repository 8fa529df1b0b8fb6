package migrator

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// holdLock takes the migration lock on a connection of its own and returns
// that connection and its backend pid.
func holdLock(t *testing.T, gdb *gorm.DB) (*sql.Conn, int64) {
	t.Helper()
	sqlDB, err := gdb.DB()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	var pid int64
	if err := conn.QueryRowContext(ctx, "SELECT pg_advisory_lock($1), pg_backend_pid()", AdvisoryLockKey).Scan(new(any), &pid); err != nil {
		t.Fatal(err)
	}
	return conn, pid
}

func TestMigrateGivesUpWaitingForTheLockAndRunsNothing(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	_, pid := holdLock(t, gdb)
	opts, _ := testOpts(mustHistory(t, tableChain(2)...), WithLockWait(200*time.Millisecond))
	start := time.Now()
	err := testMigrate(ctx, gdb, opts...)
	if !errors.Is(err, ErrLockTimeout) {
		t.Fatalf("err = %v, want ErrLockTimeout", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond || waited > 3*time.Second {
		t.Errorf("waited %v for a 200ms lock wait", waited)
	}
	if !strings.Contains(err.Error(), fmt.Sprint(pid)) {
		t.Errorf("error %q does not name the holder, backend %d", err, pid)
	}
	wantTables(t, gdb, nil, []string{"migrations", "t01"})
}

func TestMigrateGetsTheLockAsSoonAsTheHolderIsKilled(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	_, pid := holdLock(t, gdb)
	go func() {
		time.Sleep(300 * time.Millisecond)
		gdb.Exec("SELECT pg_terminate_backend(?)", pid)
	}()
	opts, _ := testOpts(mustHistory(t, tableChain(2)...), WithLockWait(time.Minute))
	start := time.Now()
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited > 3*time.Second {
		t.Errorf("Migrate took %v after the holder was killed at 300ms", waited)
	}
	wantRecorded(t, gdb, "m01", "m02")
}

func TestMigrateReleasesTheLockOnSuccessAndFailure(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	ms := tableChain(3)
	ms[2].Migrate = func(tx *gorm.DB) error { return errors.New("deliberate") }
	for _, n := range []int{2, 3} { // m03 fails
		opts, _ := testOpts(mustHistory(t, ms[:n]...))
		testMigrate(ctx, gdb, opts...)
		var held int64
		gdb.Raw(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ?
			AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`, AdvisoryLockKey&0xffffffff).Row().Scan(&held)
		if held != 0 {
			t.Fatalf("after a run of %d migrations the advisory lock is still held", n)
		}
	}
}

func TestMigrateWaitingForTheLockStopsWithTheContext(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	holdLock(t, gdb)
	c, cancel := contextWithTimeout(150 * time.Millisecond)
	defer cancel()
	opts, _ := testOpts(mustHistory(t, tableChain(1)...))
	err := testMigrate(c, gdb, opts...)
	if err == nil || !errors.Is(err, c.Err()) {
		t.Fatalf("err = %v, want the context's error", err)
	}
}

func TestMigrateOfAnUpToDateDatabaseSucceedsAtOnceWhileAnotherProcessHoldsTheLock(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	h := mustHistory(t, tableChain(3)...)
	opts, _ := testOpts(h)
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	holdLock(t, gdb)
	opts, log := testOpts(h, WithLockWait(5*time.Second))
	start := time.Now()
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatalf("up-to-date Migrate while the lock is held: %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("up-to-date Migrate took %v while another process held the lock: it waited for it", took)
	}
	if !strings.Contains(log.String(), `msg="the database is up to date" at=m03`) {
		t.Errorf("no line saying the database is up to date:\n%s", log)
	}
	wantRecorded(t, gdb, "m01", "m02", "m03")
}
