package migrator

import (
	"context"
	"log/slog"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/benchutil"
	"github.com/matar-app/matardb/internal/testdb"
)

// On PostgreSQL a DDL migration costs one message on the wire: its
// statements, its bookkeeping row and COMMIT AND CHAIN, which commits it
// and opens the next migration's transaction. gormigrate with
// UseTransaction sends three per migration (count, migration, row) in one
// transaction for all; matardb keeps a transaction per migration and
// sends one.
func TestApplyingOnPostgresCostsOneWireStatementPerMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cost := func(n int) int64 {
		c, err := benchutil.OpenPostgres(ctx, testdb.PostgresURL(t))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		h, err := benchutil.TableHistory(n)
		if err != nil {
			t.Fatal(err)
		}
		before := c.Statements()
		if err := testMigrate(ctx, c.DB, withHistory(h), WithLogger(slog.New(slog.DiscardHandler))); err != nil {
			t.Fatal(err)
		}
		return c.Statements() - before
	}
	small, large := cost(10), cost(40)
	if per := (large - small) / 30; per != 1 || (large-small)%30 != 0 {
		t.Fatalf("10 migrations cost %d wire statements, 40 cost %d: %d per migration, want 1", small, large, per)
	}
	t.Logf("wire statements: %d for 10 migrations, %d for 40", small, large)
}

// The row travels as literals beside COMMIT AND CHAIN: a message with
// quotes and backslashes must be stored exactly.
func TestAMessageWithQuotesAndBackslashesIsRecordedExactly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gdb := testdb.Postgres(t)
	const message = `it's a \path\ with "quotes" and ''two''`
	h, err := history.New(history.Migration{ID: "quoted", Message: message, Migrate: func(*gorm.DB) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if err := testMigrate(ctx, gdb, withHistory(h), WithLogger(slog.New(slog.DiscardHandler))); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := gdb.Raw(`SELECT message FROM migrations WHERE id = 'quoted'`).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if got != message {
		t.Errorf("recorded message %q, want %q", got, message)
	}
}
