package cli

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/replay"
)

// builtHistory loads the project's history and replays it, after checking
// that the program was built from the sources on disk, dir being the
// migrations directory: what check, revision and snapshot start from.
func builtHistory(ctx context.Context, e *env, dir string) (*history.History, *autogen.Replayed, error) {
	if err := fresh(e, dir); err != nil {
		return nil, nil, err
	}
	h, err := e.project.history()
	if err != nil {
		return nil, nil, err
	}
	r, err := replayed(ctx, h)
	if err != nil {
		return nil, nil, err
	}
	return h, r, nil
}

// replayed replays h (package replay) into what autogen compares the
// snapshot and the models with.
func replayed(ctx context.Context, h *history.History) (*autogen.Replayed, error) {
	res, err := replay.Run(ctx, h)
	if err != nil {
		return nil, fmt.Errorf("the history does not build a schema, so it would fail on every database: %w", err)
	}
	return &autogen.Replayed{Schema: res.Schema, Opaque: res.Opaque()}, nil
}

// fresh fails when the program was built from other models or migrations
// than those on disk, dir being the migrations directory the command was
// given: it would answer from old code.
func fresh(e *env, dir string) error {
	var drift []string
	for key, built := range e.project.Built {
		d, err := migdir.Drift(built, builtDir(e.project, key, dir))
		if err != nil {
			return err
		}
		drift = append(drift, d...)
	}
	if len(drift) == 0 {
		return nil
	}
	return fmt.Errorf("this %s was built from other sources than those on disk, so it would answer from old code:\n  %s\n"+
		"Rebuild it (go install), or run it with go run, which rebuilds every time",
		e.project.name(), strings.Join(drift, "\n  "))
}

// builtDir returns the directory on disk that key, a key of p.Built, names
// for a command given the migrations directory dir. The key of the
// project's default migrations directory is dir itself. Any other relative
// key is read from the project's root as dir implies it: dir with as many
// elements taken off as the default has ("../app/migrations" gives
// "../app", so "models" is "../app/models"). An absolute key, or any key
// of a project whose default directory is absolute, is used as it is.
func builtDir(p *Project, key, dir string) string {
	def := filepath.Clean(p.dir())
	if filepath.Clean(key) == def {
		return dir
	}
	if filepath.IsAbs(key) || filepath.IsAbs(def) {
		return key
	}
	root := dir
	for range strings.Split(def, string(filepath.Separator)) {
		root = filepath.Join(root, "..")
	}
	return filepath.Join(root, key)
}

// snapshotDiffError words a stale snapshot with the command that fixes it.
func snapshotDiffError(err error, prog string) error {
	if sd, ok := err.(*autogen.SnapshotDiffError); ok {
		return fmt.Errorf("%s", sd.Describe("regenerate it from the history with `"+prog+" snapshot`"))
	}
	return err
}

var snapshotCommand = dirCommand(&command{
	name:    "snapshot",
	args:    "[--dir DIR]",
	summary: "regenerate schema.json from the history's operations (no database needed)",
	about: "Replays every migration's op steps in memory and writes the schema they build to\n" +
		"DIR/schema.json. Run it after filling a migration by hand, or when check says the snapshot\n" +
		"is not what the migrations build (a merge conflict, an edit). Raw SQL is not seen into.",
}, snapshot)

// snapshot regenerates dir's schema snapshot from the history.
func snapshot(ctx context.Context, e *env, dir string) error {
	h, r, err := builtHistory(ctx, e, dir)
	if err != nil {
		return err
	}
	path, err := autogen.WriteSnapshot(dir, h.Head(), r)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (head %s)\n", path, cmp.Or(h.Head(), "base"))
	for _, o := range r.Opaque {
		fmt.Fprintf(e.stderr, "%s: note: migration %s: its raw SQL is not in the snapshot\n", e.project.name(), o)
	}
	return nil
}
