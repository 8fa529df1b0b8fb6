package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
)

// runFlags are the flags of the commands that change the database.
type runFlags struct {
	lockWait         time.Duration
	lockTimeout      time.Duration
	statementTimeout time.Duration
	allowUnknown     bool
}

// define adds the flags to fs.
func (f *runFlags) define(fs *flag.FlagSet) {
	fs.DurationVar(&f.lockWait, "lock-wait", migrator.DefaultLockWait,
		"how long to wait for another process's migration lock (PostgreSQL) before giving up, having run nothing")
	fs.DurationVar(&f.lockTimeout, "lock-timeout", migrator.DefaultLockTimeout,
		"PostgreSQL lock_timeout for each migration: how long a statement may wait for a table lock (0: the server's setting)")
	fs.DurationVar(&f.statementTimeout, "statement-timeout", migrator.DefaultStatementTimeout,
		"PostgreSQL statement_timeout for each migration (0: the server's setting)")
	fs.BoolVar(&f.allowUnknown, "allow-unknown-applied", false,
		"tolerate migrations applied in the database that this program does not know (after going back to an older release)")
}

// validate rejects durations the library would refuse, as usage errors.
func (f *runFlags) validate() error {
	if f.lockWait <= 0 {
		return usagef("--lock-wait must be a positive duration, such as 5m")
	}
	if f.lockTimeout < 0 || f.statementTimeout < 0 {
		return usagef("--lock-timeout and --statement-timeout must not be negative")
	}
	return nil
}

// options returns the migrator options the flags ask for, logging progress to e's stderr.
func (f *runFlags) options(e *env) []migrator.Option {
	opts := []migrator.Option{
		migrator.WithLogger(progressLogger(e)),
		migrator.WithLockWait(f.lockWait),
		migrator.WithStatementTimeouts(f.lockTimeout, f.statementTimeout),
	}
	if f.allowUnknown {
		opts = append(opts, migrator.AllowUnknownApplied())
	}
	return opts
}

// progressLogger writes db's progress lines (Info and above) to stderr,
// keeping stdout for results: the database up to date or a run starting,
// each migration starting, still running and finished with its duration,
// warnings.
func progressLogger(e *env) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// printPosition prints where the database stands after a command changed it.
func printPosition(ctx context.Context, e *env, m *migrator.Migrator) error {
	id, err := m.Current(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "database at %s\n", describeID(m.History(), id))
	return nil
}

// describeID renders an applied head for people: base when empty, marked
// (head) when it is the history's head.
func describeID(h *history.History, id string) string {
	switch id {
	case "":
		return "base"
	case h.Head():
		return id + " (head)"
	}
	return id
}

// withMigrator opens the database and runs f with a Migrator of the
// project's history built with opts, adding to its errors the command that resolves
// them (see advise).
func withMigrator(ctx context.Context, e *env, opts []migrator.Option, f func(*migrator.Migrator) error) error {
	return withDatabase(ctx, e, func(gdb *gorm.DB) error {
		h, err := e.project.history()
		if err != nil {
			return err
		}
		if e.table != "" {
			opts = append(opts, migrator.WithTable(e.table))
		}
		m, err := migrator.New(gdb, h, opts...)
		if err != nil {
			return err
		}
		return advise(f(m), e.project.name())
	})
}

// maxConns caps the connections a command opens. A command needs one at a
// time (a migration run pins one), two while its run holds the migration
// lock (the lock's transaction keeps the second); a process that waits for
// another's run uses one. Sixteen replicas running upgrade at once then
// hold at most 17 of PostgreSQL's default 100 (N + 1 for N).
const maxConns = 2

// withDatabase opens the database under the project's gorm.Config, runs f
// with it and closes it.
func withDatabase(ctx context.Context, e *env, f func(*gorm.DB) error) error {
	opts := []connect.Option{connect.WithMaxOpenConns(maxConns)}
	if e.readOnly {
		opts = append(opts, connect.ReadOnly())
	}
	if e.project.Gorm != nil {
		opts = append(opts, connect.WithGORMConfig(e.project.Gorm))
	}
	gdb, err := connect.Open(ctx, e.databaseURL(), opts...)
	if err != nil {
		return err
	}
	defer func() {
		if sqlDB, err := gdb.DB(); err == nil {
			sqlDB.Close()
		}
	}()
	return f(gdb)
}
