package main

import (
	"context"
	"flag"

	"gorm.io/gorm"

	_ "github.com/matar-app/matardb/db"
)

var stampCommand = &command{
	name:    "stamp",
	args:    "TARGET",
	summary: "record TARGET as the applied head without running anything",
	about: "TARGET is a migration ID, head or base. Use it for a database whose schema is already\n" +
		"there, or to record the outcome of a failed migration after checking the database by hand.",
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
			return withDatabase(ctx, e, func(gdb *gorm.DB) error {
				return dbx.Stamp(ctx, gdb, target, run.options(e)...)
			})
		}
	},
}
