package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/migrator"
)

var currentCommand = &command{
	name:    "current",
	summary: "print the last migration applied to the database",
	about:   "Prints its ID, marked (head) when it is the history's head; nothing when none is applied.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var allowUnknown bool
		urlFlag(fs, e)
		fs.BoolVar(&allowUnknown, "allow-unknown-applied", false,
			"ignore migrations applied in the database that this program does not know, instead of failing")
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			var opts []migrator.Option
			if allowUnknown {
				opts = append(opts, migrator.AllowUnknownApplied())
			}
			e.readOnly = true
			return current(ctx, e, opts)
		}
	},
}

var historyCommand = &command{
	name:    "history",
	summary: "list the migration history, newest first (no database needed)",
	args:    "[--verbose [--dir DIR]]",
	about: "One line a migration: PARENT -> ID, message; (head) marks the last. --verbose prints each\n" +
		"migration as show does: its file, message and the steps of Migrate and Rollback.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var verbose bool
		var dir string
		fs.BoolVar(&verbose, "verbose", false, "print each migration's file, message and steps")
		dirFlag(fs, e, &dir)
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			if verbose {
				return printVerboseHistory(ctx, e, dir)
			}
			return printHistory(e)
		}
	},
}

var statusCommand = &command{
	name:    "status",
	summary: "list every migration: when it was applied and how long it took, or pending",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		urlFlag(fs, e)
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			e.readOnly = true
			return status(ctx, e)
		}
	},
}

// printHistory prints the chain newest first, as Alembic's history does.
func printHistory(e *env) error {
	h, err := e.project.history()
	if err != nil {
		return err
	}
	for i := h.Len() - 1; i >= 0; i-- {
		m := h.At(i)
		parent, head := m.Parent, ""
		if parent == "" {
			parent = "<base>"
		}
		if i == h.Len()-1 {
			head = " (head)"
		}
		fmt.Fprintf(e.stdout, "%s -> %s%s, %s\n", parent, m.ID, head, m.Message)
	}
	return nil
}

// current prints the applied head: its ID, marked (head) when it is the
// history's; nothing on stdout when no migration is applied.
func current(ctx context.Context, e *env, opts []migrator.Option) error {
	err := withMigrator(ctx, e, opts, func(m *migrator.Migrator) error {
		id, err := m.Current(ctx)
		if err != nil {
			return err
		}
		if id == "" {
			fmt.Fprintf(e.stderr, "%s: no migration is applied (the database is at base)\n", e.project.name())
			return nil
		}
		fmt.Fprintln(e.stdout, describeID(m.History(), id))
		return nil
	})
	if errors.Is(err, connect.ErrNoDatabase) {
		fmt.Fprintf(e.stderr, "%s: no migration is applied (%v)\n", e.project.name(), err)
		return nil
	}
	return err
}

// status prints a table of every migration and its state.
func status(ctx context.Context, e *env) error {
	err := withMigrator(ctx, e, nil, func(m *migrator.Migrator) error {
		list, err := m.Status(ctx)
		if err != nil {
			return err
		}
		printStatus(e, list)
		return nil
	})
	if !errors.Is(err, connect.ErrNoDatabase) {
		return err
	}
	// No database file: every migration is pending, and none was created.
	h, herr := e.project.history()
	if herr != nil {
		return herr
	}
	var list []migrator.MigrationStatus
	for _, m := range h.Migrations() {
		list = append(list, migrator.MigrationStatus{ID: m.ID, Message: m.Message, State: migrator.StatePending, Known: true})
	}
	fmt.Fprintf(e.stderr, "%s: %v\n", e.project.name(), err)
	printStatus(e, list)
	return nil
}

func printStatus(e *env, list []migrator.MigrationStatus) {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tMESSAGE\tAPPLIED AT (UTC)\tDURATION\tNOTE")
	applied, pending := 0, 0
	for _, s := range list {
		at, took := "pending", ""
		if s.State != migrator.StatePending {
			at, took = s.AppliedAt.UTC().Format(time.DateTime), stateNote(s)
		}
		if s.Applied() {
			applied++
		} else if s.State == migrator.StatePending {
			pending++
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", s.ID, s.Message, at, took, note(s, e.project.name()))
	}
	w.Flush()
	fmt.Fprintf(e.stdout, "%d applied, %d pending\n", applied, pending)
}

// stateNote is the DURATION cell of a migration that has a row.
func stateNote(s migrator.MigrationStatus) string {
	switch {
	case s.Timed:
		return formatDuration(s.Duration)
	case s.State == migrator.StateApplied:
		return "-" // applied by plain gormigrate, untimed
	}
	return string(s.State)
}

// note says what an operator of the program prog should know about a
// migration's row.
func note(s migrator.MigrationStatus, prog string) string {
	switch {
	case !s.Known:
		return "not in this program's history"
	case s.State == migrator.StateStarted || s.State == migrator.StateFailed:
		return "ran outside a transaction and did not finish: check the database, then " + prog + " stamp"
	case s.ChecksumMismatch:
		return "its source was edited after it was applied"
	}
	return ""
}

// formatDuration rounds d to the millisecond, the bookkeeping table's unit.
func formatDuration(d time.Duration) string {
	if d < time.Millisecond {
		return "<1ms"
	}
	return d.Round(time.Millisecond).String()
}
