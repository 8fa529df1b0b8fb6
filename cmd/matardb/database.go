package main

import (
	"context"
	"flag"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db"
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
	fs.DurationVar(&f.lockWait, "lock-wait", db.DefaultLockWait,
		"how long to wait for another process's migration lock (PostgreSQL) before giving up, having run nothing")
	fs.DurationVar(&f.lockTimeout, "lock-timeout", db.DefaultLockTimeout,
		"PostgreSQL lock_timeout for each migration: how long a statement may wait for a table lock (0: the server's setting)")
	fs.DurationVar(&f.statementTimeout, "statement-timeout", db.DefaultStatementTimeout,
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

// options returns the db options the flags ask for, logging progress to e's stderr.
func (f *runFlags) options(e *env) []db.Option {
	opts := []db.Option{
		db.WithLogger(progressLogger(e)),
		db.WithLockWait(f.lockWait),
		db.WithStatementTimeouts(f.lockTimeout, f.statementTimeout),
	}
	if f.allowUnknown {
		opts = append(opts, db.AllowUnknownApplied())
	}
	return opts
}

// progressLogger writes progress lines (a migration starting, finishing and
// how long it took) to stderr, keeping stdout for results.
func progressLogger(e *env) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, nil))
}

// withDatabase opens the database, runs f with it and closes it.
func withDatabase(ctx context.Context, e *env, f func(*gorm.DB) error) error {
	gdb, err := db.Open(ctx, e.databaseURL())
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
