package cli

import (
	"cmp"
	"context"
	"flag"

	"github.com/matar-app/matardb/db/migrator"
)

var downgradeCommand = moveCommand(&command{
	name:    "downgrade",
	args:    "TARGET",
	summary: "roll back to TARGET: a migration ID, -N or base",
	about: "TARGET is the migration ID to go back to (it stays applied), -N to roll back the last N\n" +
		"migrations, or base to roll back every one. A migration that is not applied is never rolled back.",
}, func(_ *env, target string) (string, error) { return target, nil }, (*migrator.Migrator).Down)

var stampCommand = moveCommand(&command{
	name:    "stamp",
	args:    "TARGET",
	summary: "record TARGET as the applied head without running anything",
	about: "TARGET is a migration ID, head or base. Use it for a database whose schema is already\n" +
		"there, or to record the outcome of a failed migration after checking the database by hand.",
}, resolveHead, (*migrator.Migrator).Stamp)

// moveCommand completes c as a command that moves the database to one
// TARGET with move (Migrator.Down or Migrator.Stamp), after resolve has turned the
// argument into what move takes, and then prints where the database is.
func moveCommand(c *command, resolve func(*env, string) (string, error),
	move func(*migrator.Migrator, context.Context, string) error) *command {
	c.setup = func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
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
			if target, err = resolve(e, target); err != nil {
				return err
			}
			return withMigrator(ctx, e, run.options(e), func(m *migrator.Migrator) error {
				if err := move(m, ctx, target); err != nil {
					return err
				}
				return printPosition(ctx, e, m)
			})
		}
	}
	return c
}

// resolveHead turns the target "head" into the history's head migration
// (or base for an empty history); other targets pass unchanged.
func resolveHead(e *env, target string) (string, error) {
	if target != "head" {
		return target, nil
	}
	h, err := e.project.history()
	if err != nil {
		return "", err
	}
	return cmp.Or(h.Head(), migrator.Base), nil
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
