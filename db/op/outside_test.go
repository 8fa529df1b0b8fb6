package op_test

import (
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/internal/testdb"
)

func TestFillInBatchesFillsEveryNullRowInSmallBatches(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		err := op.Apply(gdb,
			op.CreateTable("t", op.Col("id", op.Integer).NotNull(), op.Col("w", op.Integer), op.PrimaryKey("id")),
			op.Execute(`INSERT INTO "t" ("id") VALUES (1), (2), (3), (4), (5)`),
			op.Execute(`UPDATE "t" SET "w" = 100 WHERE "id" = 5`),
			op.FillInBatches("t", "w", `"id" * 10`).BatchSize(2),
		)
		if err != nil {
			t.Fatal(err)
		}
		var sum, nulls int
		gdb.Raw(`SELECT coalesce(sum("w"), 0), count(*) - count("w") FROM "t"`).Row().Scan(&sum, &nulls)
		if sum != 10+20+30+40+100 || nulls != 0 {
			t.Fatalf("sum(w) = %d with %d NULLs, want 200 and none (row 5 kept its value)", sum, nulls)
		}
	})
}

func TestApplyOutsideATransactionRunsEachGroupInItsOwnAndSaysWhatCommitted(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		err := op.Apply(gdb,
			op.CreateTable("t", op.Col("x", op.Integer)),
			op.CreateIndexConcurrently("t", op.Index("ix_t_x", "x")),
			op.AddColumn("t", op.Col("y", op.Integer)),
			op.Execute(`SELECT no_such_function()`),
		)
		if err == nil || !strings.Contains(err.Error(), "committed before it") || !strings.Contains(err.Error(), `create index "ix_t_x"`) {
			t.Fatalf("err = %v, want the failure naming the steps committed before it", err)
		}
		q := `SELECT column_name FROM information_schema.columns WHERE table_name = 't'`
		if gdb.Dialector.Name() == "sqlite" {
			q = `SELECT name FROM pragma_table_info('t')`
		}
		var cols []string
		if err := gdb.Raw(q).Scan(&cols).Error; err != nil {
			t.Fatal(err)
		}
		if len(cols) != 1 || cols[0] != "x" {
			t.Errorf("columns of t = %v, want [x]: the failed group (add column y) must roll back, the ones before stay", cols)
		}
	})
}

func TestApplyRefusesConcurrentlyInsideATransactionOnPostgres(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	err := gdb.Transaction(func(tx *gorm.DB) error {
		return op.Apply(tx, op.CreateTable("t", op.Col("x", op.Integer)), op.CreateIndexConcurrently("t", op.Index("ix_t_x", "x")))
	})
	if !errors.Is(err, op.ErrConcurrentlyInTransaction) {
		t.Fatalf("err = %v, want ErrConcurrentlyInTransaction", err)
	}
}
