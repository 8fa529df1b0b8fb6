package cli

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/internal/testdb"
)

// holdMigrationLock takes the migration lock on a connection of its own to
// url until t ends.
func holdMigrationLock(t *testing.T, url string) {
	t.Helper()
	sqlDB, err := open(t, url).DB()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sqlDB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_lock($1)", migrator.AdvisoryLockKey); err != nil {
		t.Fatal(err)
	}
}

func TestUpgradeOfAnUpToDateDatabaseSucceedsAtOnceWhileAnotherProcessHoldsTheLock(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	wantExit(t, matardbAt(t, url, "upgrade"), exitOK)
	before := recorded(t, open(t, url))
	holdMigrationLock(t, url)

	start := time.Now()
	r := matardbAt(t, url, "upgrade", "--lock-wait", "10s")
	wantExit(t, r, exitOK)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("upgrade of an up-to-date database took %v while the lock was held: it waited for the lock", took)
	}
	wantContains(t, "stderr", r.stderr, `msg="the database is up to date"`)
	if after := recorded(t, open(t, url)); !slices.Equal(after, before) {
		t.Errorf("the bookkeeping changed from %v to %v", before, after)
	}
}
