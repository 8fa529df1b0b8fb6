package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/matar-app/matardb/db/migdir"
)

var hashCommand = dirCommand(&command{
	name:    "hash",
	args:    "[--dir DIR]",
	summary: "re-record matardb.sum from the migration files (no database needed)",
	about: "Rewrites DIR/matardb.sum from the migration files as they are now, in the order their Parent\n" +
		"links give, and prints each line it changed. Run it after you have reviewed a migration you\n" +
		"filled or edited by hand before it was applied anywhere (check then passes again), or to repair\n" +
		"a matardb.sum a merge broke. An applied migration must not be edited: write a new one.\n" +
		"Rebuild matardb afterwards (go run does), since the history carries the checksums it was built with.",
}, hash)

// hash records dir's migration files in its sum file again.
func hash(_ context.Context, e *env, dir string) error {
	next, err := computeSum(dir)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, migdir.SumFile)
	prev, err := migdir.ReadSum(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		prev = &migdir.Sum{}
	case errors.Is(err, migdir.ErrCorrupt):
		fmt.Fprintf(e.stderr, "%s: %s was corrupt; recording every migration again\n", e.project.name(), path)
		prev = nil
	case err != nil:
		return err
	}
	changes := sumChanges(prev, next)
	if prev != nil && len(changes) == 0 {
		fmt.Fprintf(e.stdout, "%s is up to date\n", path)
		return nil
	}
	if err := migdir.WriteSum(dir, next); err != nil {
		return err
	}
	for _, c := range changes {
		fmt.Fprintln(e.stdout, c)
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", path)
	return nil
}

// computeSum hashes the migration files of dir in history order, which it
// takes from their Parent links (none in a new history's package), so that it also works for files this
// binary was not built with and for a corrupt sum file.
func computeSum(dir string) (*migdir.Sum, error) {
	files, err := migdir.Scan(dir)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		// An empty history has an empty sum; a directory without the
		// package is a wrong --dir.
		if _, err := os.Stat(filepath.Join(dir, migdir.PackageFile)); err != nil {
			return nil, fmt.Errorf("no migration files in %s: give the migrations directory with --dir", dir)
		}
		return &migdir.Sum{}, nil
	}
	ids, err := migdir.Order(files)
	if err != nil {
		return nil, fmt.Errorf("order the migration files of %s: %w", dir, err)
	}
	return migdir.Compute(dir, ids)
}

// sumChanges lists, one line each, how next differs from prev: every
// entry when prev is nil (unreadable).
func sumChanges(prev, next *migdir.Sum) []string {
	var out []string
	for _, n := range next.Entries {
		var p *migdir.Entry
		if prev != nil {
			p = prev.Entry(n.ID)
		}
		switch {
		case p == nil:
			out = append(out, fmt.Sprintf("recorded %s (%s)", n.ID, n.File))
		case *p != n:
			out = append(out, fmt.Sprintf("recorded again %s (%s): its file changed", n.ID, n.File))
		}
	}
	if prev == nil {
		return out
	}
	for _, p := range prev.Entries {
		if next.Entry(p.ID) == nil {
			out = append(out, fmt.Sprintf("removed %s (%s): no file registers it", p.ID, p.File))
		}
	}
	if len(out) == 0 && string(prev.Marshal()) != string(next.Marshal()) {
		out = append(out, "reordered the entries to follow the history")
	}
	return out
}
