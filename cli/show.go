package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/replay"
	"github.com/matar-app/matardb/db/schema"
)

var showCommand = &command{
	name:    "show",
	args:    "[--dir DIR] ID",
	summary: "show one migration: parent, file, message and the steps of Migrate and Rollback (no database needed)",
	about: "ID is a migration ID, the start of exactly one, or head. The steps are package op's\n" +
		"operations as a replay of the history sees them; WARNING marks those that drop data, and\n" +
		"raw SQL is named as such.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var dir string
		dirFlag(fs, e, &dir)
		return func(ctx context.Context, args []string) error {
			target, err := oneTarget(args)
			if err != nil {
				return err
			}
			return show(ctx, e, dir, target)
		}
	},
}

// show prints the details of the migration target names.
func show(ctx context.Context, e *env, dir, target string) error {
	d, err := loadDetails(ctx, e, dir)
	if err != nil {
		return err
	}
	i, err := migrator.Resolve(d.h, target)
	if err != nil {
		return err
	}
	if i < 0 {
		return usagef("base is no migration; give an ID")
	}
	d.print(e.stdout, i)
	return nil
}

// printVerboseHistory prints every migration's details, newest first.
func printVerboseHistory(ctx context.Context, e *env, dir string) error {
	d, err := loadDetails(ctx, e, dir)
	if err != nil {
		return err
	}
	for i := d.h.Len() - 1; i >= 0; i-- {
		d.print(e.stdout, i)
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
	}
	return nil
}

// details is what show and history --verbose print from: the history, its
// replay and its files.
type details struct {
	h     *history.History
	built *replay.Result
	dir   string
	files map[string]string // ID -> file name
}

func loadDetails(ctx context.Context, e *env, dir string) (*details, error) {
	h, err := e.project.history()
	if err != nil {
		return nil, err
	}
	built, err := replay.Run(ctx, h)
	if err != nil {
		return nil, err
	}
	sources, err := migdir.Scan(dir)
	if err != nil {
		return nil, err
	}
	files := map[string]string{}
	for _, s := range sources {
		files[s.ID] = s.Name
	}
	return &details{h: h, built: built, dir: dir, files: files}, nil
}

// print writes the details of the migration at i, as Alembic's show does.
func (d *details) print(w io.Writer, i int) {
	m, step := d.h.At(i), d.built.Steps[i]
	head := ""
	if i == d.h.Len()-1 {
		head = " (head)"
	}
	fmt.Fprintf(w, "Rev: %s%s\nParent: %s\n", m.ID, head, orBase(m.Parent))
	if name, ok := d.files[m.ID]; ok {
		fmt.Fprintf(w, "Path: %s\n", filepath.ToSlash(filepath.Join(d.dir, name)))
	}
	fmt.Fprintf(w, "\n    %s\n\n", m.Message)
	before := &schema.Schema{}
	if i > 0 {
		before = d.built.Steps[i-1].After
	}
	printSteps(w, "Migrate", step.Up, before, step.Opaque)
	if m.Rollback == nil {
		fmt.Fprintln(w, "Rollback: none (the migration cannot be rolled back)")
		return
	}
	printSteps(w, "Rollback", step.Down, step.After, step.DownOpaque)
}

// printSteps lists ops, replayed from before, marking the data-losing ones.
func printSteps(w io.Writer, title string, ops []op.Op, before *schema.Schema, opaque string) {
	fmt.Fprintf(w, "%s:\n", title)
	cur := before.Clone()
	for _, o := range ops {
		mark := ""
		if o.LosesData(cur) {
			mark = "WARNING: "
		}
		fmt.Fprintf(w, "    %s%s\n", mark, o)
		_ = o.Mutate(cur) // the replay applied them already
	}
	if len(ops) == 0 {
		fmt.Fprintln(w, "    (no op steps)")
	}
	if opaque != "" {
		fmt.Fprintf(w, "    and %s\n", opaque)
	}
}
