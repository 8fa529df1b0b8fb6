package migrations_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/history"
)

// bookkeeping is the table db.Migrate records applied migrations in.
const bookkeeping = db.TableName

// upgrade applies h's pending migrations up to and including target with
// db.Migrate, as the backend does at startup.
func upgrade(t testing.TB, gdb *gorm.DB, h *history.History, target string) {
	t.Helper()
	if err := db.Migrate(context.Background(), gdb, db.WithHistory(h), db.WithTarget(target), quietLog()); err != nil {
		t.Fatalf("migrate to %s: %v", target, err)
	}
}

// rollback undoes the applied migrations after target ("" for all) with
// db.Rollback.
func rollback(t testing.TB, gdb *gorm.DB, h *history.History, target string) {
	t.Helper()
	if target == "" {
		target = db.Base
	}
	if err := db.Rollback(context.Background(), gdb, target, db.WithHistory(h), quietLog()); err != nil {
		t.Fatalf("roll back to %s: %v", target, err)
	}
}

// quietLog keeps db's progress lines out of the test output.
func quietLog() db.Option { return db.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))) }
