package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/matar-app/matardb/migrations"
)

var currentCommand = &command{
	name:    "current",
	summary: "print the last migration applied to the database",
	about:   "Prints its ID, marked (head) when it is the history's head; nothing when none is applied.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		urlFlag(fs, e)
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			return current(ctx, e)
		}
	},
}

var historyCommand = &command{
	name:    "history",
	summary: "list the migration history, newest first (no database needed)",
	about:   "One line a migration: PARENT -> ID, message; (head) marks the last.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
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
			return status(ctx, e)
		}
	},
}

// printHistory prints the chain newest first, as Alembic's history does.
func printHistory(e *env) error {
	h, err := migrations.All()
	if err != nil {
		return fmt.Errorf("load the migration history: %w", err)
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
