package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/migrator"
)

var upgradeCommand = &command{
	name:    "upgrade",
	args:    "[--sql [--dialect postgres|sqlite] [FROM:]] [TARGET]",
	summary: "apply the pending migrations up to TARGET (default head)",
	about: "TARGET is a migration ID (or the start of exactly one), head, or +N for the next N\n" +
		"pending migrations. Progress goes to stderr: one line as each migration starts, one every\n" +
		"5 seconds while it runs and one when it is applied, with its duration; or one saying the\n" +
		"database is up to date, in which case no lock is taken. With --sql nothing is connected\n" +
		"to: the SQL of the migrations after FROM (default base) up to TARGET (an ID or head) is\n" +
		"printed instead, with the bookkeeping rows.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var run runFlags
		var script scriptFlags
		urlFlag(fs, e)
		run.define(fs)
		script.define(fs, "migrations")
		return func(ctx context.Context, args []string) error {
			if len(args) > 1 {
				return usagef("upgrade takes at most one TARGET, got %d arguments", len(args))
			}
			target := "head"
			if len(args) == 1 {
				target = args[0]
			}
			if printed, err := script.print(ctx, e, target, upgradeSQL); printed || err != nil {
				return err
			}
			if err := run.validate(); err != nil {
				return err
			}
			return upgrade(ctx, e, &run, target)
		}
	},
}

// scriptFlags are --sql and --dialect, with which upgrade and downgrade
// print the SQL they would run instead of connecting.
type scriptFlags struct {
	sql     bool
	dialect string
}

// define defines the flags on fs; what names what the script holds.
func (f *scriptFlags) define(fs *flag.FlagSet, what string) {
	fs.BoolVar(&f.sql, "sql", false, "print the SQL of the "+what+" instead of running them; connects to nothing")
	fs.StringVar(&f.dialect, "dialect", "", "the SQL `DIALECT` of --sql: postgres or sqlite (default: the database URL's, else postgres)")
}

// print prints, under --sql, the script render writes for spec, and
// reports that it did; without --sql it refuses --dialect and prints
// nothing.
func (f *scriptFlags) print(ctx context.Context, e *env, spec string, render func(context.Context, *env, dialect.Dialect, string) error) (bool, error) {
	if !f.sql {
		if f.dialect != "" {
			return false, usagef("--dialect only applies with --sql")
		}
		return false, nil
	}
	d, err := sqlDialect(e, f.dialect)
	if err != nil {
		return true, err
	}
	return true, render(ctx, e, d, spec)
}

// sqlDialect returns the dialect --sql renders: --dialect, else the
// database URL's, else PostgreSQL.
func sqlDialect(e *env, flagValue string) (dialect.Dialect, error) {
	if flagValue != "" {
		d, err := dialect.Parse(flagValue)
		if err != nil {
			return "", usagef("--dialect %q: want postgres or sqlite", flagValue)
		}
		return d, nil
	}
	if e.urlFlag == "" && e.getenv("DATABASE_URL") == "" {
		return dialect.Postgres, nil
	}
	d, _, err := connect.ParseURL(e.databaseURL())
	if err != nil {
		return "", fmt.Errorf("choose the SQL dialect from the database URL: %w (or pass --dialect)", err)
	}
	return d, nil
}

// upgrade applies the pending migrations up to target.
func upgrade(ctx context.Context, e *env, run *runFlags, target string) error {
	if target == migrator.Base {
		return fmt.Errorf("%w %q: upgrade only goes forward; %s downgrade base undoes every migration", migrator.ErrUnknownTarget, target, e.project.name())
	}
	return withMigrator(ctx, e, run.options(e), func(m *migrator.Migrator) error {
		up := m.Up
		if target != "head" {
			up = func(ctx context.Context) error { return m.UpTo(ctx, target) }
		}
		if err := up(ctx); err != nil {
			return err
		}
		return printPosition(ctx, e, m)
	})
}
