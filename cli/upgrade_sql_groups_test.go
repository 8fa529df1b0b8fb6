package cli

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/lint"
	"github.com/matar-app/matardb/db/offline"
	"github.com/matar-app/matardb/db/op"
)

// TestUpgradeSQLWrapsTheTransactionalGroupsOfANoTransactionMigration: the
// script shows which steps of a safe migration op.Apply runs in a
// transaction of their own, and lint reads it back as such.
func TestUpgradeSQLWrapsTheTransactionalGroupsOfANoTransactionMigration(t *testing.T) {
	t.Parallel()
	tables := func(tx *gorm.DB) error {
		return op.Apply(tx, op.CreateTable("thing", op.Col("id", op.Integer).NotNull(), op.Col("n", op.Integer), op.PrimaryKey("id")))
	}
	safe := func(tx *gorm.DB) error {
		return op.Apply(tx,
			op.AddCheckNotValid("thing", op.Check("n_positive", `"n" > 0`)),
			op.ValidateConstraint("thing", "n_positive"),
			op.CreateIndexConcurrently("thing", op.Index("ix_thing_n", "n")),
		)
	}
	h, err := history.New(history.Migration{ID: "b1", Message: "tables", Migrate: tables},
		history.Migration{ID: "b2", Parent: "b1", Message: "safe", NoTransaction: true, Migrate: safe})
	if err != nil {
		t.Fatal(err)
	}
	script := renderScript(t, dialect.Postgres, h, func(*history.Migration, *offline.Rendering) {})
	wantContains(t, "SQL", script, "-- b2: safe\n\nBEGIN;\n\n"+`ALTER TABLE "thing" ADD CONSTRAINT "n_positive" CHECK ("n" > 0) NOT VALID;`+"\n\nCOMMIT;\n\n"+
		`ALTER TABLE "thing" VALIDATE CONSTRAINT "n_positive";`+"\n\n"+`CREATE INDEX CONCURRENTLY "ix_thing_n" ON "thing" ("n");`)
	ms, err := lint.ReadScript(script, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ms[0].Baseline = true
	if f := lint.Check(ms, lint.Options{}); len(f) != 0 {
		t.Errorf("lint of the script: %+v, want no findings", f)
	}
}
