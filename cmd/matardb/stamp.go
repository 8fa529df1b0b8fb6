package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/migrations"
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
			if target == "head" {
				h, err := migrations.All()
				if err != nil {
					return fmt.Errorf("load the migration history: %w", err)
				}
				target = cmp.Or(h.Head(), db.Base)
			}
			opts := run.options(e)
			return withDatabase(ctx, e, func(gdb *gorm.DB) error {
				if err := db.Stamp(ctx, gdb, target, opts...); err != nil {
					return err
				}
				return printPosition(ctx, e, gdb, opts)
			})
		}
	},
}
