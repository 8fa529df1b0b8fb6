package migrator

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/benchutil"
	"github.com/matar-app/matardb/internal/silentserver"
	"github.com/matar-app/matardb/internal/testdb"
)

func TestMigrateAgainstASilentServerFailsWithinTheConnectTimeout(t *testing.T) {
	t.Parallel()
	url := "postgres://postgres@" + silentserver.Start(t) + "/test?sslmode=disable"
	gdb, err := gorm.Open(postgres.Open(url+"&connect_timeout=1"), &gorm.Config{DisableAutomaticPing: true})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	opts, _ := testOpts(mustHistory(t, tableChain(1)...), WithLockWait(time.Minute))
	err = testMigrate(ctx, gdb, opts...)
	if !errors.Is(err, ErrReadTimeout) || !strings.Contains(err.Error(), "connect_timeout") {
		t.Fatalf("err = %v, want ErrReadTimeout naming the connect timeout", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Migrate gave up after %v with a 1s connect timeout", took)
	}
}

func TestUpToDateReadBlockedByALockOnTheTableEndsWithinTheLockWait(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	h := mustHistory(t, tableChain(2)...)
	opts, _ := testOpts(h)
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	// The marker lives in the catalog, which the lock does not block:
	// without it, the check reads the rows.
	if err := gdb.Exec(`DROP SEQUENCE ` + digestMarker(TableName, expectedFor(h, 1, TableName).digest)).Error; err != nil {
		t.Fatal(err)
	}
	blockedBy(t, gdb, `LOCK TABLE migrations IN ACCESS EXCLUSIVE MODE`)
	opts, _ = testOpts(h, WithLockWait(time.Second))
	wantNoAnswerInTime(t, "the read of a locked table", func() error { return testMigrate(ctx, gdb, opts...) })
}

// wantNoAnswerInTime runs migrate, an up-to-date run with a lock wait of
// 1 s, and wants it to end within 3 s with ErrReadTimeout naming the
// bookkeeping table and the wait. It gives up after 20 s.
func wantNoAnswerInTime(t *testing.T, what string, migrate func() error) {
	t.Helper()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- migrate() }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrReadTimeout) || !strings.Contains(err.Error(), "migrations: no answer within 1s") {
			t.Fatalf("%s: err = %v, want ErrReadTimeout naming the table and the wait", what, err)
		}
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("%s: the up-to-date check waited %v with a 1s lock wait", what, took)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: the up-to-date check did not end within 20s with a 1s lock wait", what)
	}
}

// A server that stops answering after the pool connected (a frozen host, a
// partition) ends the up-to-date check within the lock wait, though the
// check runs without a timer of its own (see countOnPgx), and the run does
// not go on to read the rows or take the lock.
func TestUpToDateCheckAgainstAServerThatStopsAnsweringEndsWithinTheLockWait(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	h := mustHistory(t, tableChain(2)...)
	upToDateStatements(t, url, h) // migrates, writing the marker
	proxy, proxied := benchutil.StartProxyFor(t, url, 0)
	c := countedPool(t, proxied)
	opts, _ := testOpts(h)
	if err := testMigrate(ctx, c.DB, opts...); err != nil { // the pool's connection, up to date
		t.Fatal(err)
	}
	proxy.Silence()
	opts, _ = testOpts(h, WithLockWait(time.Second))
	wantNoAnswerInTime(t, "a silent server", func() error { return testMigrate(ctx, c.DB, opts...) })
}

// A pool whose every connection is taken (its limit reached by the
// application's own work) ends the up-to-date check within the lock wait
// too: taking a connection is bounded with the statement.
func TestUpToDateCheckWaitingForAConnectionOfAFullPoolEndsWithinTheLockWait(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	h := mustHistory(t, tableChain(1)...)
	c := countedPool(t, url)
	opts, _ := testOpts(h)
	if err := testMigrate(ctx, c.DB, opts...); err != nil {
		t.Fatal(err)
	}
	sqlDB, err := c.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	sqlDB.SetMaxOpenConns(1)
	held, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	opts, _ = testOpts(h, WithLockWait(time.Second))
	wantNoAnswerInTime(t, "a full pool", func() error { return testMigrate(ctx, c.DB, opts...) })
}
