package lintrun_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/lint"
	"github.com/matar-app/matardb/db/lintrun"
	"github.com/matar-app/matardb/db/op"
)

// A migration's own statements are linted when nothing can steer them (it
// reads nothing); one that reads the database is named as not inspected.
func TestTheGoCodesOwnStatementsAreLintedUnlessItReads(t *testing.T) {
	t.Parallel()
	tables := &history.Migration{ID: "c1", Migrate: func(tx *gorm.DB) error {
		return op.Apply(tx, op.CreateTable("t", op.Col("x", op.Integer)))
	}}
	own := &history.Migration{ID: "c2", Migrate: func(tx *gorm.DB) error {
		return tx.Exec(`CREATE INDEX "ix_t_x" ON "t" ("x")`).Error
	}}
	reads := &history.Migration{ID: "c3", Migrate: func(tx *gorm.DB) error {
		var n int
		return tx.Raw(`SELECT count(*) FROM "t"`).Scan(&n).Error
	}}
	ms, err := lintrun.Migrations(context.Background(), []*history.Migration{tables, own, reads},
		lintrun.Only("c2", "c3"), lintrun.Options{Dir: t.TempDir(), LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	f := lint.Check(ms, lint.Options{})
	if len(f) != 2 || f[0].Migration != "c2" || f[0].Rule != "MDB101" || f[1].Migration != "c3" || f[1].Rule != "MDB100" {
		t.Fatalf("findings = %+v, want c2's own CREATE INDEX as MDB101 and c3's read as MDB100", f)
	}
}
