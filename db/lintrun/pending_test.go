package lintrun_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/lintrun"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/internal/testdb"
	"github.com/matar-app/matardb/migrations"
)

// pendingAfter is what Pending judges on a SQLite database upgraded to id.
func pendingAfter(t *testing.T, h *history.History, id string) func(string) bool {
	t.Helper()
	ctx := context.Background()
	m, err := migrator.New(testdb.SQLite(t), h)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.UpTo(ctx, id); err != nil {
		t.Fatal(err)
	}
	judged, err := lintrun.Pending(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	return judged
}

func TestPendingJudgesOnlyWhatTheDatabaseHasNotApplied(t *testing.T) {
	t.Parallel()
	h, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	judged := pendingAfter(t, h, "4640e9af0234")
	for id, want := range map[string]bool{"29edbf20051e": false, "4640e9af0234": false, "01ea0e75088a": true, "4ec307c98b25": true} {
		if judged(id) != want {
			t.Errorf("judged(%s) = %v, want %v", id, judged(id), want)
		}
	}
}

// The pending migrations run together on the next upgrade: a table an
// earlier one of them creates is new, without rows, in the later ones, so
// an index built on it without CONCURRENTLY is fine (no MDB101).
func TestPendingMigrationsLintedTogetherTakeATableAnEarlierOneCreatesAsNew(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	apply := func(ops ...op.Op) func(*gorm.DB) error {
		return func(tx *gorm.DB) error { return op.Apply(tx, ops...) }
	}
	h, err := history.New(
		history.Migration{ID: "p01", Message: "applied", Migrate: apply(op.CreateTable("base", op.Col("id", op.Integer)))},
		history.Migration{ID: "p02", Parent: "p01", Message: "create item",
			Migrate: apply(op.CreateTable("item", op.Col("id", op.Integer), op.Col("x", op.Integer)))},
		history.Migration{ID: "p03", Parent: "p02", Message: "index item",
			Migrate: apply(op.CreateIndex("item", op.Index("ix_item_x", "x")))},
	)
	if err != nil {
		t.Fatal(err)
	}
	judged := pendingAfter(t, h, "p01")
	lint := func(together bool) string {
		var out strings.Builder
		_, err := lintrun.Run(ctx, &out, h.Migrations(), judged, lintrun.Options{Dir: t.TempDir(), LockTimeout: time.Second, Together: together})
		if err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	if out := lint(true); out != "no findings\n" {
		t.Errorf("pending p02 and p03 linted together: %q, want no findings", out)
	}
	if out := lint(false); !strings.Contains(out, "p03 MDB101") {
		t.Errorf("p03 linted apart from p02: %q, want MDB101 (item taken to have rows)", out)
	}
}
