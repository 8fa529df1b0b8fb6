package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/schema"
)

var baselineCommand = &command{
	name:    "baseline",
	args:    "[-m MESSAGE] [--dir DIR]",
	summary: "adopt a database GORM's AutoMigrate built: write the first migration, record it as applied",
	about: "For a database whose schema GORM's AutoMigrate (or anything else) built from the models, in a\n" +
		"project whose history is empty (see init). The first migration is generated from the models,\n" +
		"and the schema it builds is compared with the database's. When they agree, the migration is\n" +
		"written into DIR and recorded as applied without running it; otherwise nothing is written or\n" +
		"recorded and the differences are listed (exit 1): change the models or the database until\n" +
		"they agree. Rebuild the program afterwards, so that its history has the new migration.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var o baselineOptions
		var run runFlags
		urlFlag(fs, e)
		fs.StringVar(&o.message, "m", "baseline", "what the migration says it does (`MESSAGE`)")
		dirFlag(fs, e, &o.dir)
		run.define(fs)
		return func(ctx context.Context, args []string) error {
			if err := noArgs(args, o.dir); err != nil {
				return err
			}
			if strings.TrimSpace(o.message) == "" {
				return usagef("-m is empty")
			}
			if err := run.validate(); err != nil {
				return err
			}
			return baseline(ctx, e, &o, run.options(e))
		}
	},
}

// baselineOptions are baseline's flags.
type baselineOptions struct {
	message string
	dir     string
}

// baseline generates the first migration, compares what it builds with the
// database and, when they agree, writes it and stamps the database.
func baseline(ctx context.Context, e *env, o *baselineOptions, opts []migrator.Option) error {
	if err := emptyHistory(e, o.dir); err != nil {
		return err
	}
	id, now := migdir.NewID(), time.Now()
	req := autogen.RevisionRequest{
		Dir:          o.dir,
		Message:      o.message,
		Autogenerate: true,
		Models:       e.project.Models,
		GORM:         e.project.gormOptions(),
		ID:           func() string { return id },
		Now:          func() time.Time { return now },
	}
	return withDatabase(ctx, e, func(gdb *gorm.DB) error {
		if err := sameAsDatabase(ctx, gdb, req); err != nil {
			return err
		}
		res, err := autogen.Revision(req)
		if err != nil {
			return revisionError(err, e.project.name())
		}
		fmt.Fprintln(e.stdout, res.Path)
		return stampBaseline(ctx, e, gdb, res, o.message, opts)
	})
}

// emptyHistory fails unless the compiled history and dir hold no migration:
// a baseline is the first one.
func emptyHistory(e *env, dir string) error {
	h, err := e.project.history()
	if err != nil {
		return err
	}
	if h.Len() > 0 {
		return fmt.Errorf("the history already has migrations (head %s): baseline only writes the first one; "+
			"for a database that already has this schema, run %s stamp", h.Head(), e.project.name())
	}
	files, err := migdir.Scan(dir)
	if err != nil {
		return err
	}
	if len(files) > 0 {
		return fmt.Errorf("%s already holds migration %s, which the program was not built with: "+
			"baseline only writes the first migration of an empty history", dir, files[0].ID)
	}
	return nil
}

// wouldBuild returns the schema the migration req describes would build
// (its snapshot), generating it into a scratch directory, not req.Dir.
func wouldBuild(req autogen.RevisionRequest) (*schema.Schema, error) {
	scratch, err := os.MkdirTemp("", "matardb-baseline-")
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	defer os.RemoveAll(scratch)
	req.Dir = scratch
	res, err := autogen.Revision(req)
	if err != nil {
		return nil, err
	}
	if res.NoChanges {
		return nil, fmt.Errorf("the models have no tables: there is nothing to baseline")
	}
	snap, err := migdir.ReadSnapshot(scratch)
	if err != nil {
		return nil, err
	}
	return &snap.Schema, nil
}

// sameAsDatabase fails, listing what a migration would have to do to make
// the database what the models say, unless there is nothing. The models
// are read for the database's dialect, whose types GORM declares per
// dialect, and column comments are not compared on SQLite, which keeps
// none.
func sameAsDatabase(ctx context.Context, gdb *gorm.DB, req autogen.RevisionRequest) error {
	d, err := dialect.Parse(gdb.Dialector.Name())
	if err != nil {
		return err
	}
	req.GORM.Dialector = connect.Dialector(d)
	built, err := wouldBuild(req)
	if err != nil {
		return err
	}
	live, err := inspect.Schema(ctx, gdb)
	if err != nil {
		return err
	}
	if d == dialect.SQLite {
		built = withoutComments(built)
	}
	plan, err := autogen.Diff(live, built, autogen.Options{})
	if err != nil {
		return fmt.Errorf("compare the database with the models: %w", err)
	}
	if plan.Empty() {
		return nil
	}
	lines := make([]string, len(plan.Up))
	for i, o := range plan.Up {
		lines[i] = "  " + o.String()
	}
	return fmt.Errorf("the database differs from the models, so nothing was written or recorded; "+
		"to match the models, the database would have to:\n%s", strings.Join(lines, "\n"))
}

// withoutComments returns a copy of s without column comments.
func withoutComments(s *schema.Schema) *schema.Schema {
	c := s.Clone()
	for _, t := range c.Tables {
		for _, col := range t.Columns {
			col.Comment = ""
		}
	}
	return c
}

// stampBaseline records the migration res wrote as applied, without
// running it: the program was built without it, so the history stamped is
// that migration alone, with the checksum of its file.
func stampBaseline(ctx context.Context, e *env, gdb *gorm.DB, res *autogen.RevisionResult, message string, opts []migrator.Option) error {
	src, err := os.ReadFile(res.Path)
	if err != nil {
		return fmt.Errorf("read the baseline migration: %w", err)
	}
	h, err := history.New(history.Migration{
		ID:       res.ID,
		Message:  message,
		Checksum: migdir.Hash(src),
		Migrate: func(*gorm.DB) error {
			return fmt.Errorf("migration %s is a baseline: it was stamped, never run", res.ID)
		},
	})
	if err != nil {
		return err
	}
	m, err := migrator.New(gdb, h, opts...)
	if err == nil {
		err = m.Stamp(ctx, res.ID)
	}
	if err != nil {
		return fmt.Errorf("%s was written but not recorded: %w; rebuild the program, then run %s stamp %s",
			res.Path, err, e.project.name(), res.ID)
	}
	fmt.Fprintf(e.stdout, "database at %s (head): recorded as applied, not run\n", res.ID)
	return nil
}
