package migrator

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/internal/testdb"
)

// safeIndexHistory is a table, then the kind of migration a safe plan
// generates for a unique index on it: NoTransaction, built CONCURRENTLY.
func safeIndexHistory(t *testing.T) *history.History {
	return mustHistory(t,
		sqlMig("s01", "", `CREATE TABLE "u" ("x" integer)`, `DROP TABLE "u"`),
		history.Migration{ID: "s02", Parent: "s01", Message: "unique x", NoTransaction: true,
			Migrate: func(tx *gorm.DB) error {
				return op.Apply(tx, op.CreateIndexConcurrently("u", op.UniqueIndex("u_x", "x")))
			},
			Rollback: func(tx *gorm.DB) error { return op.Apply(tx, op.DropIndexConcurrently("u", "u_x")) },
		},
	)
}

// TestEveryRunAfterAFailedConcurrentBuildNamesTheInvalidIndexUntilResolved
// follows the README's resolution: the runs after the failure name the
// INVALID index; fixing the data, dropping the index and stamping the
// parent lets the next upgrade build it.
func TestEveryRunAfterAFailedConcurrentBuildNamesTheInvalidIndexUntilResolved(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	h := safeIndexHistory(t)
	opts, _ := testOpts(h, withTarget("s01"))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	if err := gdb.Exec(`INSERT INTO "u" VALUES (1), (1), (2)`).Error; err != nil {
		t.Fatal(err)
	}
	opts, _ = testOpts(h)
	if err := testMigrate(ctx, gdb, opts...); err == nil || !strings.Contains(err.Error(), "u_x") {
		t.Fatalf("failing run: err = %v, want the INVALID index u_x named", err)
	}
	for range 2 {
		err := testMigrate(ctx, gdb, opts...)
		if !errors.Is(err, ErrFailedMigration) || !strings.Contains(err.Error(), "INVALID indexes left behind") ||
			!strings.Contains(err.Error(), "u_x") || !strings.Contains(err.Error(), "stamp s01") {
			t.Fatalf("next run: err = %v, want ErrFailedMigration naming the INVALID index u_x and stamp s01", err)
		}
	}

	// The resolution the README documents.
	for _, sql := range []string{`DELETE FROM "u" WHERE ctid NOT IN (SELECT min(ctid) FROM "u" GROUP BY "x")`, `DROP INDEX CONCURRENTLY "u_x"`} {
		if err := gdb.Exec(sql).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := testStamp(ctx, gdb, "s01", opts...); err != nil {
		t.Fatal(err)
	}
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatalf("after the resolution: %v", err)
	}
	var valid bool
	if err := gdb.Raw(`SELECT indisvalid FROM pg_index WHERE indexrelid = 'u_x'::regclass`).Row().Scan(&valid); err != nil || !valid {
		t.Fatalf("index u_x valid = %v, %v; want valid", valid, err)
	}
	wantRecorded(t, gdb, "s01", "s02")
}

// A NoTransaction migration has no transaction for the run's SET LOCAL
// timeouts: op.Apply sets them in each transaction it opens for a group of
// steps, so that a brief ACCESS EXCLUSIVE step still gives up rather than
// queue the table's queries behind it.
func TestTheGroupsOfANoTransactionMigrationRunWithTheRunsLockTimeout(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	h := mustHistory(t, history.Migration{ID: "g01", Message: "groups", NoTransaction: true,
		Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx, op.Execute(`DO $$ BEGIN IF current_setting('lock_timeout') <> '3s' THEN `+
				`RAISE EXCEPTION 'lock_timeout is %', current_setting('lock_timeout'); END IF; END $$`))
		}})
	opts, _ := testOpts(h, WithStatementTimeouts(3*time.Second, 0))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatalf("the group ran without the run's lock_timeout: %v", err)
	}
}
