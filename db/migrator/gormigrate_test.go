package migrator

import (
	"slices"
	"strings"
	"testing"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/testdb"
)

func plainGormigrate(gdb *gorm.DB, h *history.History) *gormigrate.Gormigrate {
	var ms []*gormigrate.Migration
	for _, m := range h.Migrations() {
		ms = append(ms, m.Gormigrate())
	}
	return gormigrate.New(gdb, &gormigrate.Options{TableName: TableName}, ms)
}

func TestMigrateAdoptsATablePlainGormigrateMade(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		h := mustHistory(t, tableChain(3)...)
		if err := plainGormigrate(gdb, h).Migrate(); err != nil {
			t.Fatal(err)
		}
		opts, _ := testOpts(h)
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatalf("Migrate after gormigrate (it would fail re-creating t01): %v", err)
		}
		cols, err := sqliteOrPostgresColumns(t, gdb, TableName)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(cols, columnNames()) {
			t.Fatalf("bookkeeping columns = %v, want %v", cols, columnNames())
		}
		st, err := testStatus(ctx, gdb, opts...)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if !s.Applied() || s.State != StateApplied {
				t.Errorf("status of %s = %+v, want applied", s.ID, s)
			}
		}
	})
}

func TestPlainGormigrateFindsNothingToDoAfterMigrate(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ms := tableChain(4)
		opts, _ := testOpts(mustHistory(t, ms[:3]...))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		if err := plainGormigrate(gdb, mustHistory(t, ms[:3]...)).Migrate(); err != nil {
			t.Fatalf("gormigrate on a matardb database (it would fail re-creating t01): %v", err)
		}
		wantRecorded(t, gdb, "m01", "m02", "m03")

		// A migration gormigrate applies is one matardb sees as applied.
		h := mustHistory(t, ms...)
		if err := plainGormigrate(gdb, h).Migrate(); err != nil {
			t.Fatal(err)
		}
		// Its row write cleared the digest (PostgreSQL): the first run
		// reads the rows and rewrites it, the next is one statement.
		opts, logs := testOpts(h)
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(logs.String(), "applying") {
			t.Errorf("Migrate after gormigrate applied m04 applied something: %s", logs.String())
		}
		if got := migrateCounted(t, gdb, opts...); got != 1 {
			t.Errorf("the second Migrate after gormigrate applied m04 sent %d statements, want 1 (up to date)", got)
		}
	})
}
