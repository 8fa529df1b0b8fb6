package migrator

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"

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
	// The digest lives in the catalog, which the lock does not block:
	// without it, the check reads the rows.
	if err := gdb.Exec(`DROP FUNCTION matardb_digest_migrations()`).Error; err != nil {
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
