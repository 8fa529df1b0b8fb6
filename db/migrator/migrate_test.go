package migrator

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/testdb"
)

func TestMigrateAppliesEveryMigrationAndRecordsIt(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		h := mustHistory(t, tableChain(3)...)
		opts, log := testOpts(h)
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		wantTables(t, gdb, []string{"t01", "t02", "t03"}, nil)
		wantRecorded(t, gdb, "m01", "m02", "m03")
		if n := strings.Count(log.String(), "msg=\"applied migration\""); n != 3 {
			t.Errorf("%d 'applied migration' lines, want 3:\n%s", n, log)
		}
		if !strings.Contains(log.String(), "pending=3") {
			t.Errorf("no line announcing 3 pending migrations:\n%s", log)
		}
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatalf("second run: %v", err)
		}
		wantRecorded(t, gdb, "m01", "m02", "m03")
	})
}

func TestMigrateRecordsMessageTimeDurationChecksumAndOrder(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ms := tableChain(2)
		ms[1].Checksum = "sum-of-m02"
		opts, _ := testOpts(mustHistory(t, ms...))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		recs, err := readRecords(ctx, gdb, TableName, columnNames())
		if err != nil {
			t.Fatal(err)
		}
		r := recs["m02"]
		if r == nil || r.Message != "migration m02" || r.AppliedAt.IsZero() || !r.Timed ||
			r.Checksum != "sum-of-m02" || r.Seq != 2 || r.State != StateApplied {
			t.Fatalf("row of m02 = %+v", r)
		}
		if recs["m01"].Seq != 1 {
			t.Fatalf("row of m01 = %+v, want seq 1", recs["m01"])
		}
	})
}

func TestMigrateUpToDateCostsOneStatementWhateverTheHistoryLength(t *testing.T) {
	t.Parallel()
	for _, n := range []int{10, 200} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
				opts, log := testOpts(mustHistory(t, tableChain(n)...))
				if err := testMigrate(ctx, gdb, opts...); err != nil {
					t.Fatal(err)
				}
				before := log.String()
				if got := migrateCounted(t, gdb, opts...); got != 1 {
					t.Fatalf("up-to-date Migrate sent %d statements, want 1", got)
				}
				logged := strings.TrimPrefix(log.String(), before)
				if strings.Count(logged, "\n") != 1 || !strings.Contains(logged, fmt.Sprintf(`msg="the database is up to date" at=m%02d`, n)) {
					t.Fatalf("up-to-date Migrate should log one line saying so, logged:\n%s", logged)
				}
			})
		})
	}
}

func TestMigrateFailingMigrationLeavesTheDatabaseAtThePreviousOne(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ms := tableChain(4)
		broken := slices.Clone(ms)
		broken[2].Migrate = func(tx *gorm.DB) error {
			if err := tx.Exec(`CREATE TABLE "t03" (x integer)`).Error; err != nil {
				return err
			}
			return tx.Exec(`INSERT INTO "no_such_table" VALUES (1)`).Error
		}
		opts, _ := testOpts(mustHistory(t, broken...))
		err := testMigrate(ctx, gdb, opts...)
		var pe *PartialError
		if !errors.As(err, &pe) {
			t.Fatalf("err = %v, want a *PartialError", err)
		}
		if pe.Failed != "m03" || !slices.Equal(pe.Applied, []string{"m01", "m02"}) || !strings.Contains(err.Error(), "m03") ||
			!strings.Contains(err.Error(), "migration m03") {
			t.Fatalf("PartialError = %+v (%v)", pe, err)
		}
		if !strings.Contains(err.Error(), "no_such_table") {
			t.Fatalf("error %q does not carry the cause", err)
		}
		wantTables(t, gdb, []string{"t01", "t02"}, []string{"t03", "t04"})
		wantRecorded(t, gdb, "m01", "m02")

		opts, _ = testOpts(mustHistory(t, ms...))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatalf("fixed history: %v", err)
		}
		wantTables(t, gdb, []string{"t01", "t02", "t03", "t04"}, nil)
		wantRecorded(t, gdb, "m01", "m02", "m03", "m04")
	})
}

func TestMigrateStopsAtTarget(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		h := mustHistory(t, tableChain(3)...)
		opts, _ := testOpts(h, withTarget("m02"))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		wantRecorded(t, gdb, "m01", "m02")
		wantTables(t, gdb, []string{"t02"}, []string{"t03"})
		opts, _ = testOpts(h, withTarget("nope"))
		if err := testMigrate(ctx, gdb, opts...); !errors.Is(err, ErrUnknownTarget) || !strings.Contains(err.Error(), "nope") {
			t.Fatalf("err = %v, want ErrUnknownTarget naming nope", err)
		}
	})
}

func TestMigrateRefusesADatabaseAheadOfTheCode(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		opts, _ := testOpts(mustHistory(t, tableChain(4)...))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		older := mustHistory(t, tableChain(2)...)
		for _, path := range []struct {
			name string
			h    *history.History
		}{
			{"up to date otherwise", older},
			{"with a pending migration", mustHistory(t, append(tableChain(2), sqlMig("x03", "m02", `CREATE TABLE "x03" (x integer)`, ""))...)},
		} {
			opts, _ := testOpts(path.h)
			err := testMigrate(ctx, gdb, opts...)
			if !errors.Is(err, ErrUnknownApplied) || !strings.Contains(err.Error(), "m03, m04") {
				t.Fatalf("%s: err = %v, want ErrUnknownApplied naming m03, m04", path.name, err)
			}
			if tableExists(t, gdb, "x03") {
				t.Fatalf("%s: ran a migration despite the unknown ones", path.name)
			}
		}
		opts, _ = testOpts(older, AllowUnknownApplied())
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatalf("AllowUnknownApplied: %v", err)
		}
	})
}

func TestMigrateWarnsWhenAnAppliedMigrationChanged(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ms := tableChain(2)
		ms[0].Checksum = "before"
		opts, _ := testOpts(mustHistory(t, ms...))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		ms[0].Checksum = "after"
		opts, log := testOpts(mustHistory(t, ms...))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log.String(), "level=WARN") || !strings.Contains(log.String(), "id=m01") {
			t.Fatalf("no warning naming m01:\n%s", log)
		}
	})
}
