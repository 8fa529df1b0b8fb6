package migrator

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

func TestEachMigrationAndRollbackTransactionHasTheRunsTimeoutsAndTheSessionNone(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	ms := tableChain(3)
	seen := map[string]string{}
	show := func(key string) func(tx *gorm.DB) error {
		return func(tx *gorm.DB) error {
			var lock, stmt string
			tx.Raw("SHOW lock_timeout").Row().Scan(&lock)
			tx.Raw("SHOW statement_timeout").Row().Scan(&stmt)
			seen[key] = lock + " " + stmt
			return nil
		}
	}
	ms[1].Migrate, ms[2].Migrate, ms[2].Rollback = show("m02"), show("m03"), show("rollback m03")
	opts, _ := testOpts(mustHistory(t, ms...), WithStatementTimeouts(3*time.Second, 7*time.Second))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	if err := testRollback(ctx, gdb, "-1", opts...); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"m02", "m03", "rollback m03"} {
		if seen[key] != "3s 7s" {
			t.Errorf("%s ran with lock_timeout and statement_timeout %q, want \"3s 7s\"", key, seen[key])
		}
	}
	var lock string
	if err := gdb.Raw("SHOW lock_timeout").Row().Scan(&lock); err != nil || lock != "0" {
		t.Errorf("after the run a session has lock_timeout %q (%v), want 0", lock, err)
	}
}
