package main

import (
	"log/slog"
	"testing"

	"github.com/matar-app/matardb/internal/testdb"
)

// The replica startup brings a fresh PostgreSQL database to head, and a
// second start finds nothing to do.
func TestStartupMigratesPostgresAndStartsAgain(t *testing.T) {
	t.Setenv("DATABASE_URL", testdb.PostgresURL(t))
	logger := slog.New(slog.DiscardHandler)
	for range 2 {
		if err := run(logger); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStartupRefusesToRunWithoutDatabaseURL(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	if err := run(slog.New(slog.DiscardHandler)); err == nil {
		t.Fatal("startup ran without DATABASE_URL")
	}
}
