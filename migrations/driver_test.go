package migrations_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
)

// bookkeeping is the table the migrator records applied migrations in.
const bookkeeping = migrator.TableName

// newMigrator runs h on gdb, quietly.
func newMigrator(t testing.TB, gdb *gorm.DB, h *history.History) *migrator.Migrator {
	t.Helper()
	m, err := migrator.New(gdb, h, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// upgrade applies h's pending migrations up to and including target, as
// the backend does at startup.
func upgrade(t testing.TB, gdb *gorm.DB, h *history.History, target string) {
	t.Helper()
	if err := newMigrator(t, gdb, h).UpTo(context.Background(), target); err != nil {
		t.Fatalf("migrate to %s: %v", target, err)
	}
}

// rollback undoes the applied migrations after target ("" for all).
func rollback(t testing.TB, gdb *gorm.DB, h *history.History, target string) {
	t.Helper()
	if target == "" {
		target = migrator.Base
	}
	if err := newMigrator(t, gdb, h).Down(context.Background(), target); err != nil {
		t.Fatalf("roll back to %s: %v", target, err)
	}
}

// quietLog keeps the migrator's progress lines out of the test output.
func quietLog() migrator.Option {
	return migrator.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
}
