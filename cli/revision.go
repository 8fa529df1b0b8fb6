package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/migdir"
)

var revisionCommand = &command{
	name:    "revision",
	args:    "-m MESSAGE [--autogenerate [--rename TABLE.OLD=NEW|OLDTABLE=NEWTABLE]… [--default TABLE.COLUMN=VALUE]… [--allow-data-loss] [--no-safe-plans]] [--dir DIR]",
	summary: "write a new migration, generated from the models with --autogenerate",
	about: "With --autogenerate, the operations are the difference between the models and the schema\n" +
		"the history builds: the command prints the file written and one line per operation\n" +
		"(WARNING lines for those that lose data), or 'No changes detected', writing nothing.\n" +
		"Dropping a table or column, or narrowing a type, needs --allow-data-loss. A NOT NULL\n" +
		"column added to an existing table without a default needs a value for the rows already\n" +
		"there: --default TABLE.COLUMN=VALUE, or an answer to the prompt on a terminal. Changes to\n" +
		"tables that exist take their lock-safe form on PostgreSQL (CONCURRENTLY, NOT VALID then\n" +
		"VALIDATE, batches; --no-safe-plans turns it off), and the new migration is linted.\n" +
		"Without --autogenerate, the migration is empty, for you to fill by hand.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var o revisionOptions
		fs.StringVar(&o.message, "m", "", "what the migration does, in a few words (`MESSAGE`, required)")
		fs.StringVar(&o.message, "message", "", "same as -m `MESSAGE`")
		fs.BoolVar(&o.autogenerate, "autogenerate", false, "generate the operations from the difference between the models and the history")
		fs.Var(&o.renames, "rename", "a rename to make instead of a drop and an add: `TABLE.OLD=NEW` for a column, OLDTABLE=NEWTABLE for a table (repeatable)")
		fs.Var(&o.defaults, "default", "the value, a SQL expression, that existing rows get in a NOT NULL column added without a default: `TABLE.COLUMN=VALUE` (repeatable)")
		fs.BoolVar(&o.allowDataLoss, "allow-data-loss", false, "write operations that drop tables or columns or narrow types")
		fs.BoolVar(&o.noSafePlans, "no-safe-plans", false, "write every step in its plain form, inside the migration's transaction, instead of the lock-safe form for tables that exist")
		dirFlag(fs, e, &o.dir)
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
	hints         []autogen.Rename // renames, parsed by validate
	defaults      listFlag
	allowDataLoss bool
	noSafePlans   bool
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
	if !o.autogenerate && (len(o.renames) > 0 || len(o.defaults) > 0 || o.allowDataLoss || o.noSafePlans) {
		return usagef("--rename, --default, --allow-data-loss and --no-safe-plans only apply with --autogenerate")
	}
	for _, r := range o.renames {
		rn, err := parseRename(r)
		if err != nil {
			return usagef("%v", err)
		}
		o.hints = append(o.hints, rn)
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

// revision writes the migration and prints its path and operations.
func revision(ctx context.Context, e *env, o *revisionOptions) error {
	h, r, err := builtHistory(ctx, e, o.dir)
	if err != nil {
		return err
	}
	// A corrupt sum file fails even when there is nothing to write, rather
	// than letting "No changes detected" suggest that all is well.
	if _, err := migdir.ReadSum(o.dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return adviseCorruptSum(err, e.project.name())
	}
	req := autogen.RevisionRequest{
		Dir:           o.dir,
		Message:       strings.TrimSpace(o.message),
		Autogenerate:  o.autogenerate,
		Models:        e.project.Models,
		GORM:          e.project.gormOptions(),
		History:       h.Chain(),
		Renames:       o.hints,
		Defaults:      map[string]string{},
		AllowDataLoss: o.allowDataLoss,
		NoSafePlans:   o.noSafePlans || e.project.NoSafePlans,
		Replayed:      r,
	}
	for _, d := range o.defaults {
		b, _ := parseDefault(d) // validated
		req.Defaults[b.Table+"."+b.Column] = b.Value
	}
	if isTerminal(e.stdin) {
		req.AskBackfill = askBackfill(e)
	}
	res, err := autogen.Revision(req)
	if err != nil {
		return revisionError(err, e.project.name())
	}
	if res.NoChanges {
		fmt.Fprintln(e.stdout, "No changes detected")
		return nil
	}
	fmt.Fprintln(e.stdout, res.Path)
	for _, line := range res.Ops {
		fmt.Fprintln(e.stdout, line)
	}
	for _, s := range res.Suggestions {
		fmt.Fprintf(e.stderr, "%s: hint: %s\n", e.project.name(), renameHint(s))
	}
	if !o.autogenerate {
		return nil
	}
	return lintRevision(ctx, e, h, o.dir, res)
}

// revisionError adds to err what the user of the program prog can do
// about it.
func revisionError(err error, prog string) error {
	if errors.Is(err, autogen.ErrSnapshotStale) {
		return snapshotDiffError(err, prog)
	}
	if errors.Is(err, autogen.ErrSnapshotHead) {
		return fmt.Errorf("%w (%s revision --autogenerate)", err, prog)
	}
	var loss *autogen.DataLossError
	if errors.As(err, &loss) {
		return dataLossError(loss)
	}
	var bf *autogen.BackfillError
	if errors.As(err, &bf) {
		flags := make([]string, len(bf.Columns))
		for i, c := range bf.Columns {
			flags[i] = "--default " + c + "=VALUE"
		}
		return fmt.Errorf("%w; pass %s (VALUE a SQL expression such as 0 or 'none'), or run %s on a terminal to be asked",
			err, strings.Join(flags, " "), prog)
	}
	return adviseCorruptSum(err, prog)
}

// isTerminal reports whether r is a terminal, where a person can answer
// questions: a character device other than the null device (what CI and
// `< /dev/null` give).
func isTerminal(r any) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}

// askBackfill asks on the terminal for the value existing rows get in a
// new NOT NULL column ("table.column").
func askBackfill(e *env) func(string) (string, error) {
	in := bufio.NewReader(e.stdin)
	return func(column string) (string, error) {
		table, _, _ := strings.Cut(column, ".")
		fmt.Fprintf(e.stderr, "NOT NULL column %s (new, or made NOT NULL) has no default. Value for the rows already in %s\n"+
			"(a SQL expression of the column's type, such as 0, false or 'none'): ", column, table)
		line, err := in.ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("read the answer: %w", err)
		}
		return strings.TrimSpace(line), nil
	}
}
