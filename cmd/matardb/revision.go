package main

import (
	"context"
	"flag"
	"strings"
)

var revisionCommand = &command{
	name:    "revision",
	args:    "-m MESSAGE [--autogenerate [--rename TABLE.OLD=NEW|OLDTABLE=NEWTABLE]… [--default TABLE.COLUMN=VALUE]… [--allow-data-loss]] [--dir DIR]",
	summary: "write a new migration, generated from the models with --autogenerate",
	about: "With --autogenerate, the operations are the difference between the models and the schema\n" +
		"the history builds: the command prints the file written and one line per operation\n" +
		"(WARNING lines for those that lose data), or 'No changes detected', writing nothing.\n" +
		"Dropping a table or column, or narrowing a type, needs --allow-data-loss. A NOT NULL\n" +
		"column added to an existing table without a default needs a value for the rows already\n" +
		"there: --default TABLE.COLUMN=VALUE, or an answer to the prompt on a terminal.\n" +
		"Without --autogenerate, the migration is empty, for you to fill by hand.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var o revisionOptions
		fs.StringVar(&o.message, "m", "", "what the migration does, in a few words (`MESSAGE`, required)")
		fs.StringVar(&o.message, "message", "", "same as -m `MESSAGE`")
		fs.BoolVar(&o.autogenerate, "autogenerate", false, "generate the operations from the difference between the models and the history")
		fs.Var(&o.renames, "rename", "a rename to make instead of a drop and an add: `TABLE.OLD=NEW` for a column, OLDTABLE=NEWTABLE for a table (repeatable)")
		fs.Var(&o.defaults, "default", "the value, a SQL expression, that existing rows get in a NOT NULL column added without a default: `TABLE.COLUMN=VALUE` (repeatable)")
		fs.BoolVar(&o.allowDataLoss, "allow-data-loss", false, "write operations that drop tables or columns or narrow types")
		fs.StringVar(&o.dir, "dir", "migrations", "the migrations `DIR`ectory")
		return func(ctx context.Context, args []string) error {
			if err := o.validate(args); err != nil {
				return err
			}
			return revision(ctx, e, &o)
		}
	},
}

// revisionOptions are revision's flags.
type revisionOptions struct {
	message       string
	autogenerate  bool
	renames       listFlag
	defaults      listFlag
	allowDataLoss bool
	dir           string
}

// validate checks what can be checked without the models: a usage error
// for anything the user must correct on the command line.
func (o *revisionOptions) validate(args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if strings.TrimSpace(o.message) == "" {
		return usagef("missing -m MESSAGE: say in a few words what the migration does")
	}
	if !o.autogenerate && (len(o.renames) > 0 || len(o.defaults) > 0 || o.allowDataLoss) {
		return usagef("--rename, --default and --allow-data-loss only apply with --autogenerate")
	}
	for _, r := range o.renames {
		if _, err := parseRename(r); err != nil {
			return usagef("%v", err)
		}
	}
	for _, d := range o.defaults {
		if _, err := parseDefault(d); err != nil {
			return usagef("%v", err)
		}
	}
	if o.dir == "" {
		return usagef("--dir is empty")
	}
	return nil
}
