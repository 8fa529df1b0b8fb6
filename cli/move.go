package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"

	"github.com/matar-app/matardb/db/migrator"
)

var downgradeCommand = &command{
	name:    "downgrade",
	args:    "[--yes] TARGET | --sql [--dialect postgres|sqlite] FROM:TARGET",
	summary: "roll back to TARGET: a migration ID or unique prefix, -N or base",
	about: "TARGET is the migration ID (or the start of exactly one) to go back to (it stays applied),\n" +
		"-N to roll back the last N migrations, or base to roll back every one. A migration that is\n" +
		"not applied is never rolled back. The rollback steps that drop data are listed first; on a\n" +
		"terminal it asks before running them, unless --yes; if another process applied or rolled\n" +
		"back migrations meanwhile, nothing is rolled back. With --sql nothing is connected to: the\n" +
		"SQL that rolls a database at FROM back to TARGET is printed, with the bookkeeping rows.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var run runFlags
		var yes bool
		var script scriptFlags
		urlFlag(fs, e)
		run.define(fs)
		fs.BoolVar(&yes, "yes", false, "roll back without asking, even when steps drop data")
		script.define(fs, "rollbacks")
		return func(ctx context.Context, args []string) error {
			target, err := oneTarget(args)
			if err != nil {
				return err
			}
			if printed, err := script.print(ctx, e, target, downgradeSQL); printed || err != nil {
				return err
			}
			if err := run.validate(); err != nil {
				return err
			}
			return withMigrator(ctx, e, run.options(e), func(m *migrator.Migrator) error {
				return downgrade(ctx, e, m, target, yes)
			})
		}
	},
}

var stampCommand = &command{
	name:    "stamp",
	args:    "[--purge] TARGET",
	summary: "record TARGET as the applied head without running anything",
	about: "TARGET is a migration ID (or the start of exactly one), head or base. Use it for a database\n" +
		"whose schema is already there, or to record the outcome of a failed migration after checking\n" +
		"the database by hand. --purge first removes the record of every applied migration this program\n" +
		"does not have (one dropped in a merge, say), printing each; it undoes nothing they did.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var run runFlags
		var purge bool
		urlFlag(fs, e)
		run.define(fs)
		fs.BoolVar(&purge, "purge", false, "remove the record of applied migrations this program does not have")
		return func(ctx context.Context, args []string) error {
			target, err := oneTarget(args)
			if err != nil {
				return err
			}
			if err := run.validate(); err != nil {
				return err
			}
			if target, err = resolveHead(e, target); err != nil {
				return err
			}
			return withMigrator(ctx, e, run.options(e), func(m *migrator.Migrator) error {
				if err := stamp(ctx, e, m, target, purge); err != nil {
					return err
				}
				return printPosition(ctx, e, m)
			})
		}
	},
}

// stamp stamps target, first purging unknown rows when asked, and says
// exactly which rows it removed.
func stamp(ctx context.Context, e *env, m *migrator.Migrator, target string, purge bool) error {
	if !purge {
		return m.Stamp(ctx, target)
	}
	removed, err := m.StampPurge(ctx, target)
	if err != nil {
		return err
	}
	for _, s := range removed {
		fmt.Fprintf(e.stdout, "removed the record of %s (%s), applied %s; what it did to the schema is still there\n",
			s.ID, cmp.Or(s.Message, "no message"), s.AppliedAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if len(removed) == 0 {
		fmt.Fprintln(e.stdout, "no applied migration is unknown to this program: nothing purged")
	}
	return nil
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
