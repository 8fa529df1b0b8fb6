package main

import (
	"context"
	"flag"
)

var checkCommand = &command{
	name:    "check",
	args:    "[--dir DIR]",
	summary: "check that the models and the migrations agree (no database needed)",
	about: "Exit 0 when they agree; 1 listing the differences, a fork of the history, or a\n" +
		"migration edited after it was generated (its checksum no longer matches matardb.sum).",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		dir := "migrations"
		fs.StringVar(&dir, "dir", dir, "the migrations `DIR`ectory")
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			return check(ctx, e, dir)
		}
	},
}
