package migrator

import (
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/testdb"
)

func TestMigrateRefusesToGoOnAfterANoTransactionMigrationFailedUntilStamped(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ms := tableChain(3)
		broken := append([]history.Migration(nil), ms...)
		broken[1].NoTransaction = true
		broken[1].Migrate = func(tx *gorm.DB) error {
			if err := tx.Exec(`CREATE TABLE "t02" (x integer)`).Error; err != nil {
				return err
			}
			return errors.New("deliberate half-way failure")
		}
		opts, _ := testOpts(mustHistory(t, broken...))
		err := testMigrate(ctx, gdb, opts...)
		var pe *PartialError
		if !errors.As(err, &pe) || pe.Failed != "m02" || !errors.Is(err, ErrFailedMigration) || !strings.Contains(err.Error(), "stamp m01") {
			t.Fatalf("err = %v, want a PartialError for m02 saying how to resolve it", err)
		}
		st, _ := testStatus(ctx, gdb, opts...)
		if st[1].State != StateFailed {
			t.Fatalf("m02 = %+v, want failed", st[1])
		}

		fixed, _ := testOpts(mustHistory(t, ms...))
		err = testMigrate(ctx, gdb, fixed...)
		if !errors.Is(err, ErrFailedMigration) || !strings.Contains(err.Error(), "m02") || !strings.Contains(err.Error(), "stamp") {
			t.Fatalf("next run: err = %v, want ErrFailedMigration naming m02 and stamp", err)
		}
		if err := testRollback(ctx, gdb, Base, fixed...); !errors.Is(err, ErrFailedMigration) {
			t.Fatalf("rollback: err = %v, want ErrFailedMigration", err)
		}

		// The operator undoes the half-done change and records it as not applied.
		gdb.Exec(`DROP TABLE "t02"`)
		if err := testStamp(ctx, gdb, "m01", fixed...); err != nil {
			t.Fatal(err)
		}
		if err := testMigrate(ctx, gdb, fixed...); err != nil {
			t.Fatalf("after stamping: %v", err)
		}
		wantRecorded(t, gdb, "m01", "m02", "m03")
	})
}

func TestMigrateRefusesAfterAnInterruptedNoTransactionMigration(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		migrated(t, gdb, 1)
		if err := insertRecord(gdb, TableName, "m02", "migration m02", "", -1, StateStarted); err != nil {
			t.Fatal(err)
		}
		opts, _ := testOpts(mustHistory(t, tableChain(3)...))
		err := testMigrate(ctx, gdb, opts...)
		if !errors.Is(err, ErrFailedMigration) || !strings.Contains(err.Error(), "interrupted") {
			t.Fatalf("err = %v, want ErrFailedMigration saying m02 was interrupted", err)
		}
		if err := testStamp(ctx, gdb, "m02", opts...); err != nil {
			t.Fatal(err)
		}
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatalf("after stamping m02 as applied: %v", err)
		}
		wantTables(t, gdb, []string{"t03"}, []string{"t02"})
	})
}

func concurrentIndexHistory(t *testing.T) *history.History {
	return mustHistory(t,
		sqlMig("i01", "", `CREATE TABLE "u" ("x" integer)`, `DROP TABLE "u"`),
		history.Migration{ID: "i02", Parent: "i01", Message: "unique x", NoTransaction: true,
			Migrate:  func(tx *gorm.DB) error { return tx.Exec(`CREATE UNIQUE INDEX CONCURRENTLY "u_x" ON "u" ("x")`).Error },
			Rollback: func(tx *gorm.DB) error { return tx.Exec(`DROP INDEX CONCURRENTLY "u_x"`).Error },
		},
	)
}

func TestMigrateBuildsAnIndexConcurrentlyOutsideATransaction(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	sqlDB, _ := gdb.DB()
	sqlDB.SetMaxOpenConns(2) // the lock transaction's and the migrations', so one of them is inspected after
	h := concurrentIndexHistory(t)
	opts, _ := testOpts(h, WithStatementTimeouts(DefaultLockTimeout, DefaultLockTimeout))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	var valid bool
	if err := gdb.Raw(`SELECT indisvalid FROM pg_index WHERE indexrelid = 'u_x'::regclass`).Row().Scan(&valid); err != nil || !valid {
		t.Fatalf("index u_x valid = %v, %v", valid, err)
	}
	st, _ := testStatus(ctx, gdb, opts...)
	if st[1].State != StateApplied || !st[1].Timed {
		t.Fatalf("i02 = %+v, want applied and timed", st[1])
	}
	var lockTimeout, statementTimeout string
	gdb.Raw("SHOW lock_timeout").Row().Scan(&lockTimeout)
	gdb.Raw("SHOW statement_timeout").Row().Scan(&statementTimeout)
	if lockTimeout != "0" || statementTimeout != "0" {
		t.Errorf("the pooled session kept lock_timeout %s, statement_timeout %s; want them reset to 0", lockTimeout, statementTimeout)
	}
	if err := testRollback(ctx, gdb, "i01", opts...); err != nil {
		t.Fatal(err)
	}
	wantRecorded(t, gdb, "i01")
}

func TestMigrateReportsTheInvalidIndexAFailedConcurrentBuildLeaves(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	h := concurrentIndexHistory(t)
	opts, _ := testOpts(h, withTarget("i01"))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	gdb.Exec(`INSERT INTO "u" VALUES (1), (1)`)
	opts, _ = testOpts(h)
	err := testMigrate(ctx, gdb, opts...)
	if err == nil || !strings.Contains(err.Error(), "INVALID") || !strings.Contains(err.Error(), "u_x") {
		t.Fatalf("err = %v, want it to report the INVALID index u_x", err)
	}
	err = testMigrate(ctx, gdb, opts...)
	if !errors.Is(err, ErrFailedMigration) || !strings.Contains(err.Error(), "i02") {
		t.Fatalf("next run: err = %v, want ErrFailedMigration naming i02", err)
	}
}
