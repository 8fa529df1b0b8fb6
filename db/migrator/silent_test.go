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
	blocker := gdb.Begin()
	defer blocker.Rollback()
	if err := blocker.Exec(`LOCK TABLE migrations IN ACCESS EXCLUSIVE MODE`).Error; err != nil {
		t.Fatal(err)
	}
	opts, _ = testOpts(h, WithLockWait(time.Second))
	start := time.Now()
	err := testMigrate(ctx, gdb, opts...)
	if !errors.Is(err, ErrReadTimeout) || !strings.Contains(err.Error(), "migrations: no answer within 1s") {
		t.Fatalf("err = %v, want ErrReadTimeout naming the table and the wait", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the up-to-date read waited %v with a 1s lock wait", took)
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
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- testMigrate(ctx, c.DB, opts...) }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrReadTimeout) || !strings.Contains(err.Error(), "migrations: no answer within 1s") {
			t.Fatalf("err = %v, want ErrReadTimeout naming the table and the wait", err)
		}
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("the up-to-date check waited %v with a 1s lock wait", took)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the up-to-date check against a silent server did not end within 20s with a 1s lock wait")
	}
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
	done := make(chan error, 1)
	go func() { done <- testMigrate(ctx, c.DB, opts...) }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrReadTimeout) || !strings.Contains(err.Error(), "migrations: no answer within 1s") {
			t.Fatalf("err = %v, want ErrReadTimeout naming the table and the wait", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the up-to-date check on a full pool did not end within 20s with a 1s lock wait")
	}
}
