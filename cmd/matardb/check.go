package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/migrations"
	"github.com/matar-app/matardb/models"
)

var checkCommand = &command{
	name:    "check",
	args:    "[--dir DIR]",
	summary: "check that the models and the migrations agree (no database needed)",
	about: "Exit 0 when they agree; 1 listing the differences, a fork of the history, or a\n" +
		"migration edited after it was generated (its checksum no longer matches matardb.sum;\n" +
		"if you edited it on purpose before it was applied anywhere, run matardb hash).",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var dir string
		dirFlag(fs, &dir)
		return func(ctx context.Context, args []string) error {
			if err := noArgs(args, dir); err != nil {
				return err
			}
			return check(ctx, e, dir)
		}
	},
}

// check compares the models, the snapshot in dir, the history and the sum file.
func check(_ context.Context, e *env, dir string) error {
	h, err := migrations.All()
	if err != nil {
		return fmt.Errorf("load the migration history: %w", err)
	}
	res, err := autogen.Check(autogen.CheckRequest{Dir: dir, Models: models.All(), History: h.Chain()})
	if err != nil {
		return adviseCorruptSum(err)
	}
	if !res.OK() {
		problems := res.Problems("run `matardb hash`", "run matardb revision --autogenerate to write a migration")
		return fmt.Errorf("the models and the migrations do not agree:\n%s", strings.Join(problems, "\n"))
	}
	fmt.Fprintf(e.stdout, "OK: the models and the migrations agree (head %s)\n", h.Head())
	return nil
}

// adviseCorruptSum adds to an error about a corrupt sum file the command
// that records it again.
func adviseCorruptSum(err error) error {
	if errors.Is(err, migdir.ErrCorrupt) {
		return fmt.Errorf("%w (`matardb hash`)", err)
	}
	return err
}
