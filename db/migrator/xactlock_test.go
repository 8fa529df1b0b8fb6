package migrator

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/internal/testdb"
)

func TestLockTimeoutNamesTheMatardbRunHoldingItItsAgeAndThatItIsAlive(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	ms := tableChain(2)
	inside, release := make(chan struct{}), make(chan struct{})
	ms[1].Migrate = func(tx *gorm.DB) error {
		close(inside)
		<-release
		return nil
	}
	h := mustHistory(t, ms...)
	done := make(chan error, 1)
	go func() {
		opts, _ := testOpts(h)
		done <- testMigrate(ctx, gdb, opts...)
	}()
	<-inside
	opts, _ := testOpts(h, WithLockWait(300*time.Millisecond))
	err := testMigrate(ctx, gdb, opts...)
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the run holding the lock: %v", err)
	}
	if !errors.Is(err, ErrLockTimeout) {
		t.Fatalf("err = %v, want ErrLockTimeout", err)
	}
	for _, want := range []string{fmt.Sprintf("pid %d", os.Getpid()), "matardb migrate", "has held it for", "it is alive", "pg_terminate_backend("} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestMigrateRefusesAPoolOfOneConnectionWithASentence(t *testing.T) {
	t.Parallel()
	gdb, err := connect.Open(ctx, testdb.PostgresURL(t), connect.WithMaxOpenConns(1))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { sqlDB, _ := gdb.DB(); sqlDB.Close() }()
	opts, _ := testOpts(mustHistory(t, tableChain(1)...))
	if err := testMigrate(ctx, gdb, opts...); err == nil || !strings.Contains(err.Error(), "WithMaxOpenConns(2)") {
		t.Fatalf("err = %v, want a sentence asking for two connections", err)
	}
}
