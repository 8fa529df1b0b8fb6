// Command startup shows how a Matar backend replica brings the database up to
// date when it starts, against PostgreSQL:
//
//	DATABASE_URL=postgres://postgres@127.0.0.1:5432/matar?sslmode=disable go run ./examples/startup
//
// Every replica may run this at once: db.Migrate takes a PostgreSQL advisory
// lock only when something is pending, applies each migration once, and costs
// one query when the schema is already current. A replica that cannot migrate
// must not serve, so any error ends the process with a non-zero status.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/migrator"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(logger); err != nil {
		logger.Error("startup failed", "err", err)
		os.Exit(1)
	}
}

func run(logger *slog.Logger) error {
	// Stop waiting (for the lock or a slow migration) when the orchestrator
	// stops the replica.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	url := os.Getenv("DATABASE_URL")
	if url == "" {
		return fmt.Errorf("DATABASE_URL is not set; give it a postgres:// URL")
	}
	gdb, err := db.Open(ctx, url) // errors never show the password
	if err != nil {
		return err
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return err
	}
	defer sqlDB.Close()

	// db.Migrate(ctx, gdb, options…) is the one-line form; the Migrator
	// also tells where the database stands afterwards.
	m, err := db.NewMigrator(gdb,
		migrator.WithLogger(logger),
		// Give up after two minutes if another replica holds the lock for
		// longer (a stuck migration needs a person, not a queue of replicas).
		migrator.WithLockWait(2*time.Minute),
		// Fail a migration that waits more than 5s for a table lock rather
		// than stall every query queued behind its ALTER TABLE.
		migrator.WithStatementTimeouts(5*time.Second, 0),
	)
	if err != nil {
		return err
	}
	if err := m.Up(ctx); err != nil {
		return err
	}
	current, err := m.Current(ctx)
	if err != nil {
		return err
	}
	logger.Info("database ready", "head", current)
	// … start serving here.
	return nil
}
