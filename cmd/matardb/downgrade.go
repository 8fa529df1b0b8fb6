package main

import (
	"context"
	"flag"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db"
)

var downgradeCommand = &command{
	name:    "downgrade",
	args:    "TARGET",
	summary: "roll back to TARGET: a migration ID, -N or base",
	about: "TARGET is the migration ID to go back to (it stays applied), -N to roll back the last N\n" +
		"migrations, or base to roll back every one. A migration that is not applied is never rolled back.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var run runFlags
		urlFlag(fs, e)
		run.define(fs)
		return func(ctx context.Context, args []string) error {
			target, err := oneTarget(args)
			if err != nil {
				return err
			}
			if err := run.validate(); err != nil {
				return err
			}
			opts := run.options(e)
			return withDatabase(ctx, e, func(gdb *gorm.DB) error {
				if err := db.Rollback(ctx, gdb, target, opts...); err != nil {
					return err
				}
				return printPosition(ctx, e, gdb, opts)
			})
		}
	},
}

// oneTarget returns the single TARGET argument of downgrade and stamp.
func oneTarget(args []string) (string, error) {
	switch {
	case len(args) == 0:
		return "", usagef("missing TARGET")
	case len(args) > 1:
		return "", usagef("expected one TARGET, got %d arguments", len(args))
	case args[0] == "":
		return "", usagef("TARGET is empty")
	}
	return args[0], nil
}
