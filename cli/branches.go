package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/matar-app/matardb/db/lineage"
	"github.com/matar-app/matardb/db/merge"
	"github.com/matar-app/matardb/db/migdir"
)

var headsCommand = dirCommand(&command{
	name:    "heads",
	args:    "[--dir DIR]",
	summary: "list the heads of the history's files: one, or several after branches each added migrations",
	about: "Reads the migration files (no database, no compiling). With several heads, each line names\n" +
		"the migrations that branch added since they parted; merge joins them all.",
}, heads)

// heads prints one line per head of dir's migration files.
func heads(_ context.Context, e *env, dir string) error {
	branches, err := branchesOf(dir)
	if err != nil {
		return err
	}
	if len(branches) == 0 {
		fmt.Fprintln(e.stdout, "no migration yet")
		return nil
	}
	for _, b := range branches {
		if len(branches) == 1 {
			fmt.Fprintf(e.stdout, "%s (head)\n", b.Head)
			continue
		}
		fmt.Fprintf(e.stdout, "%s (head), branched from %s: %s\n", b.Head, orBase(b.Fork), strings.Join(b.IDs, ", "))
	}
	if len(branches) > 1 {
		fmt.Fprintf(e.stderr, "%s: the history has %d heads; `%s merge` joins them\n", e.project.name(), len(branches), e.project.name())
	}
	return nil
}

func branchesOf(dir string) ([]lineage.Branch, error) {
	sources, err := migdir.Scan(dir)
	if err != nil {
		return nil, err
	}
	links := make([]lineage.Link, len(sources))
	for i, s := range sources {
		links[i] = lineage.Link{ID: s.ID, Parent: s.Parent}
	}
	return lineage.Heads(links)
}

func orBase(id string) string {
	if id == "" {
		return "base"
	}
	return id
}

var mergeCommand = &command{
	name:    "merge",
	args:    "[--dir DIR] [HEAD]",
	summary: "join the heads: move the branches' migrations onto one line (no database needed)",
	about: "After two or more branches each generated migrations from one head, the history has several\n" +
		"heads and schema.json and matardb.sum conflict. merge keeps the branch with the most migrations\n" +
		"(of several as long, the one whose head ID sorts first) and moves the others onto it one after\n" +
		"another, most migrations first, then by head ID; HEAD's branch moves last, on top of all the\n" +
		"others (with two heads: HEAD's branch moves). Branches that left the history later are joined\n" +
		"first. For each moved branch it rewrites the first migration's Parent; it records the sums again\n" +
		"and regenerates schema.json by replaying the joined history, which also proves the moved\n" +
		"migrations still apply. Nothing is written when they do not: the error names the branches.\n" +
		"Take any side of the conflicted schema.json and matardb.sum; merge rewrites both.\n" +
		"Then run check (go run rebuilds) and commit.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var dir string
		dirFlag(fs, e, &dir)
		return func(ctx context.Context, args []string) error {
			if len(args) > 1 {
				return usagef("merge takes at most one HEAD, got %d arguments", len(args))
			}
			if dir == "" {
				return usagef("--dir is empty")
			}
			move := ""
			if len(args) == 1 {
				move = args[0]
			}
			return runMerge(ctx, e, dir, move)
		}
	},
}

// runMerge joins the heads of dir.
func runMerge(ctx context.Context, e *env, dir, move string) error {
	if e.project.Registered == nil {
		return errors.New("this program cannot merge: its Project has no Registered migrations")
	}
	res, err := merge.Run(ctx, merge.Request{Dir: dir, Registered: e.project.Registered(), Move: move})
	if err != nil {
		if errors.Is(err, merge.ErrStale) {
			return fmt.Errorf("%w (go run rebuilds; an installed %s needs go install)", err, e.project.name())
		}
		return err
	}
	for _, m := range res.Moves {
		fmt.Fprintf(e.stdout, "moved %s onto %s\n", strings.Join(m.IDs, ", "), m.Onto)
	}
	for _, p := range append(res.Files, res.SumPath, res.SnapshotPath) {
		fmt.Fprintf(e.stdout, "wrote %s\n", p)
	}
	fmt.Fprintf(e.stdout, "head %s; review the moved migrations, run `%s check`, and commit\n", res.Head, e.project.name())
	return nil
}
