package db

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

func TestOpenOfASilentServerFailsWithinTheConnectTimeout(t *testing.T) {
	base := "postgres://postgres@" + silentserver.Start(t) + "/test?sslmode=disable"
	for name, c := range map[string]struct {
		url   string
		opts  []OpenOption
		bound time.Duration
	}{
		"URL connect_timeout": {base + "&connect_timeout=1", nil, time.Second},
		"WithConnectTimeout":  {base, []OpenOption{WithConnectTimeout(time.Second)}, time.Second},
		"URL over option":     {base + "&connect_timeout=1", []OpenOption{WithConnectTimeout(time.Minute)}, time.Second},
		"default":             {base, nil, DefaultConnectTimeout},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			_, err := Open(ctx, c.url, c.opts...)
			took := time.Since(start)
			if !errors.Is(err, ErrConnectTimeout) || !strings.Contains(err.Error(), "connect timeout") {
				t.Fatalf("err = %v, want ErrConnectTimeout naming the connect timeout", err)
			}
			if took < c.bound-100*time.Millisecond || took > c.bound+2*time.Second {
				t.Errorf("Open gave up after %v, want about %v", took, c.bound)
			}
		})
	}
}

func TestMigrateAgainstASilentServerFailsWithinTheConnectTimeout(t *testing.T) {
	t.Parallel()
	url := "postgres://postgres@" + silentserver.Start(t) + "/test?sslmode=disable"
	gdb, err := gorm.Open(postgres.Open(postgresDSN(url, time.Second)), &gorm.Config{DisableAutomaticPing: true})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = Migrate(ctx, gdb, WithHistory(mustHistory(t, tableChain(1)...)), WithLockWait(time.Minute))
	if !errors.Is(err, ErrConnectTimeout) {
		t.Fatalf("err = %v, want ErrConnectTimeout", err)
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
	if err := Migrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	blocker := gdb.Begin()
	defer blocker.Rollback()
	if err := blocker.Exec(`LOCK TABLE migrations IN ACCESS EXCLUSIVE MODE`).Error; err != nil {
		t.Fatal(err)
	}
	opts, _ = testOpts(h, WithLockWait(time.Second))
	start := time.Now()
	err := Migrate(ctx, gdb, opts...)
	if !errors.Is(err, ErrReadTimeout) || !strings.Contains(err.Error(), "migrations: no answer within 1s") {
		t.Fatalf("err = %v, want ErrReadTimeout naming the table and the wait", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the up-to-date read waited %v with a 1s lock wait", took)
	}
}
