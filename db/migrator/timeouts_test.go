package migrator

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/testdb"
)

// firstOfTwoApplied is a fresh PostgreSQL database where the first of two
// migrations, <p>01 creating table p and <p>02 adding a column to it, is
// applied, and their history.
func firstOfTwoApplied(t *testing.T, p string) (*gorm.DB, *history.History) {
	t.Helper()
	gdb := testdb.Postgres(t)
	h := mustHistory(t,
		sqlMig(p+"01", "", `CREATE TABLE "`+p+`" ("x" integer)`, ""),
		sqlMig(p+"02", p+"01", `ALTER TABLE "`+p+`" ADD COLUMN "y" integer`, ""),
	)
	opts, _ := testOpts(h, withTarget(p+"01"))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	return gdb, h
}

// blockedBy opens a transaction on gdb that has run stmt (taking a lock),
// rolled back when t ends unless the test ends it first.
func blockedBy(t *testing.T, gdb *gorm.DB, stmt string) *gorm.DB {
	t.Helper()
	blocker := gdb.Begin()
	t.Cleanup(func() { blocker.Rollback() })
	if err := blocker.Exec(stmt).Error; err != nil {
		t.Fatal(err)
	}
	return blocker
}

func TestMigrateBlockedByALongTransactionFailsWithinTheLockTimeout(t *testing.T) {
	t.Parallel()
	gdb, h := firstOfTwoApplied(t, "w")
	blocker := blockedBy(t, gdb, `SELECT * FROM "w"`)
	opts, _ := testOpts(h, WithStatementTimeouts(200*time.Millisecond, 0))
	start := time.Now()
	err := testMigrate(ctx, gdb, opts...)
	var pe *PartialError
	if !errors.As(err, &pe) || pe.Failed != "w02" || !strings.Contains(err.Error(), "failed: waited longer than the lock timeout (200ms; ") {
		t.Fatalf("err = %v, want w02 to fail on its lock timeout", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v with a 200ms lock timeout", took)
	}
	blocker.Rollback()
	wantRecorded(t, gdb, "w01")
}

func TestMigrateStatementTimeoutStopsASlowMigration(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	h := mustHistory(t, sqlMig("s01", "", `SELECT pg_sleep(5)`, ""))
	opts, _ := testOpts(h, WithStatementTimeouts(0, 100*time.Millisecond))
	start := time.Now()
	if err := testMigrate(ctx, gdb, opts...); err == nil || !strings.Contains(err.Error(), "failed: ran longer than the statement timeout (100ms; ") {
		t.Fatalf("err = %v, want a statement timeout", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v with a 100ms statement timeout", took)
	}
}

func TestOptionsRejectBadValuesWithASentence(t *testing.T) {
	t.Parallel()
	for name, o := range map[string]Option{
		"lock wait": WithLockWait(0),
		"timeouts":  WithStatementTimeouts(-time.Second, 0),
		"logger":    WithLogger(nil),
	} {
		if err := o.apply(&config{}); err == nil || !strings.Contains(err.Error(), "With") {
			t.Errorf("%s: err = %v, want a sentence naming the option", name, err)
		}
	}
	gdb := testdb.SQLite(t)
	if _, err := New(gdb, nil); err == nil || !strings.Contains(err.Error(), "history is nil") {
		t.Errorf("New(gdb, nil) = %v, want a sentence saying the history is nil", err)
	}
	m, err := New(gdb, mustHistory(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.UpTo(ctx, ""); !errors.Is(err, ErrUnknownTarget) || !strings.Contains(err.Error(), "empty") {
		t.Errorf("UpTo(\"\") = %v, want ErrUnknownTarget saying the target is empty", err)
	}
	if err := testMigrate(ctx, nil, WithLockWait(-1)); err == nil {
		t.Error("Migrate accepted a negative lock wait")
	}
}

func TestMigrateChecksTheClientConnectionOnlyWhileItRuns(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	gdb, err := connect.Open(ctx, url, connect.WithMaxOpenConns(2))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { sqlDB, _ := gdb.DB(); sqlDB.Close() }()
	ms := tableChain(1)
	var during string
	ms[0].Migrate = func(tx *gorm.DB) error {
		return tx.Raw(`SHOW client_connection_check_interval`).Row().Scan(&during)
	}
	opts, _ := testOpts(mustHistory(t, ms...))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	var after string
	if err := gdb.Raw(`SHOW client_connection_check_interval`).Row().Scan(&after); err != nil {
		t.Fatal(err)
	}
	if during != "1s" || after != "0" {
		t.Fatalf("client_connection_check_interval = %q during the migration, %q after; want 1s, then the server's 0", during, after)
	}
}

// Stamp and StampPurge write the bookkeeping rows in a transaction with the
// run's lock_timeout: a transaction that blocks writes to the table makes
// them fail within it, naming the wait, and once it ends the stamp works.
// (The lock lets reads through, so the stamp gets as far as its write; a
// lock blocking reads too ends the read before it with ErrReadTimeout.)
func TestStampBlockedByALockOnTheBookkeepingTableFailsWithinTheLockTimeout(t *testing.T) {
	t.Parallel()
	gdb, h := firstOfTwoApplied(t, "t")
	blocker := blockedBy(t, gdb, `LOCK TABLE "`+TableName+`" IN EXCLUSIVE MODE`)
	opts, _ := testOpts(h, WithStatementTimeouts(200*time.Millisecond, 0))
	m, _, err := build(gdb, opts)
	if err != nil {
		t.Fatal(err)
	}
	for name, stamp := range map[string]func(context.Context) error{
		"Stamp":      func(ctx context.Context) error { return m.Stamp(ctx, "t02") },
		"StampPurge": func(ctx context.Context) error { _, err := m.StampPurge(ctx, "t02"); return err },
	} {
		// Without the lock timeout the stamp would wait for the blocker: the
		// context ends that wait, so the test fails instead of hanging.
		sctx, cancel := contextWithTimeout(10 * time.Second)
		start := time.Now()
		err := stamp(sctx)
		took := time.Since(start)
		cancel()
		if err == nil || !strings.Contains(err.Error(), "stamp t02: waited longer than the lock timeout (200ms; ") {
			t.Errorf("%s: err = %v after %v, want it to fail on its lock timeout", name, err, took)
		}
		if took > 3*time.Second {
			t.Errorf("%s took %v with a 200ms lock timeout", name, took)
		}
	}
	wantRecorded(t, gdb, "t01")
	if err := blocker.Rollback().Error; err != nil {
		t.Fatal(err)
	}
	if err := m.Stamp(ctx, "t02"); err != nil {
		t.Fatalf("Stamp after the lock was released: %v", err)
	}
	wantRecorded(t, gdb, "t01", "t02")
}
