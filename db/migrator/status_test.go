package migrator

import (
	"errors"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

func TestStatusListsAppliedPendingAndUnknownMigrations(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ms := tableChain(3)
		ms[0].Checksum = "old"
		opts, _ := testOpts(mustHistory(t, ms...), withTarget("m02"))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		if err := insertRecord(gdb, TableName, "zz-from-the-future", "newer code", "", -1, StateApplied); err != nil {
			t.Fatal(err)
		}
		ms[0].Checksum = "new"
		opts, _ = testOpts(mustHistory(t, ms...))
		st, err := testStatus(ctx, gdb, opts...)
		if err != nil {
			t.Fatal(err)
		}
		if len(st) != 4 {
			t.Fatalf("Status = %+v, want 4 entries", st)
		}
		m01, m03, zz := st[0], st[2], st[3]
		if m01.ID != "m01" || !m01.Applied() || !m01.Timed || m01.AppliedAt.IsZero() || !m01.ChecksumMismatch || !m01.Known {
			t.Errorf("m01 = %+v, want applied, timed, with a checksum mismatch", m01)
		}
		if m03.ID != "m03" || m03.Applied() || m03.State != StatePending || m03.Message != "migration m03" {
			t.Errorf("m03 = %+v, want pending", m03)
		}
		if zz.ID != "zz-from-the-future" || zz.Known || !zz.Applied() || zz.Message != "newer code" {
			t.Errorf("last = %+v, want the unknown applied migration", zz)
		}
		if _, err := testCurrent(ctx, gdb, opts...); !errors.Is(err, ErrUnknownApplied) {
			t.Errorf("Current: err = %v, want ErrUnknownApplied", err)
		}
		if cur, err := testCurrent(ctx, gdb, append(opts, AllowUnknownApplied())...); err != nil || cur != "m02" {
			t.Errorf("Current = %q, %v; want m02", cur, err)
		}
	})
}

func TestStatusAndCurrentOnAnEmptyDatabaseOnlyRead(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		opts, _ := testOpts(mustHistory(t, tableChain(2)...))
		st, err := testStatus(ctx, gdb, opts...)
		if err != nil || len(st) != 2 || st[0].Applied() || st[1].State != StatePending {
			t.Fatalf("Status = %+v, %v; want two pending", st, err)
		}
		if cur, err := testCurrent(ctx, gdb, opts...); err != nil || cur != "" {
			t.Fatalf("Current = %q, %v; want \"\"", cur, err)
		}
		wantTables(t, gdb, nil, []string{"migrations"})
	})
}

func TestStampRecordsExactlyTheMigrationsUpToTargetRunningNothing(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		opts, _ := testOpts(mustHistory(t, tableChain(3)...))
		if err := testStamp(ctx, gdb, "m02", opts...); err != nil {
			t.Fatal(err)
		}
		wantRecorded(t, gdb, "m01", "m02")
		wantTables(t, gdb, nil, []string{"t01", "t02"})
		st, _ := testStatus(ctx, gdb, opts...)
		if st[1].State != StateStamped || st[1].Timed {
			t.Errorf("m02 = %+v, want stamped without a duration", st[1])
		}
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		wantTables(t, gdb, []string{"t03"}, []string{"t01", "t02"})
		if err := testStamp(ctx, gdb, "m01", opts...); err != nil {
			t.Fatal(err)
		}
		wantRecorded(t, gdb, "m01")
		if err := testStamp(ctx, gdb, Base, opts...); err != nil {
			t.Fatal(err)
		}
		wantRecorded(t, gdb)
		if err := testStamp(ctx, gdb, "nope", opts...); !errors.Is(err, ErrUnknownTarget) {
			t.Fatalf("testStamp(nope): err = %v, want ErrUnknownTarget", err)
		}
	})
}
