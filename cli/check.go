package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/migdir"
)

var checkCommand = dirCommand(&command{
	name:    "check",
	args:    "[--dir DIR]",
	summary: "check that the models and the migrations agree (no database needed)",
	about: "Exit 0 when they agree; 1 listing the differences, a fork of the history, or a\n" +
		"migration edited after it was generated (its checksum no longer matches matardb.sum;\n" +
		"if you edited it on purpose before it was applied anywhere, run matardb hash); 1 too\n" +
		"when lint finds a rule broken without an acknowledgement in the history (see lint).",
}, check)

// check compares the models, the snapshot in dir, the history and the sum file.
func check(ctx context.Context, e *env, dir string) error {
	h, r, err := builtHistory(ctx, e, dir)
	if err != nil {
		return err
	}
	res, err := autogen.Check(autogen.CheckRequest{Dir: dir, Models: e.project.Models, GORM: e.project.gormOptions(),
		History: h.Chain(), Replayed: r})
	if err != nil {
		return adviseCorruptSum(err, e.project.name())
	}
	prog := e.project.name()
	for _, o := range res.Opaque {
		fmt.Fprintf(e.stderr, "%s: note: migration %s: check cannot see what its raw SQL does to the schema\n", prog, o)
	}
	if !res.OK() {
		var problems []string
		if res.Snapshot != nil {
			problems = append(problems, snapshotDiffError(res.Snapshot, prog).Error())
			res.Snapshot = nil
		}
		problems = append(problems, res.Problems("run `"+prog+" hash`", "run "+prog+" revision --autogenerate to write a migration")...)
		return fmt.Errorf("the models and the migrations do not agree:\n%s", strings.Join(problems, "\n"))
	}
	if h.Len() == 0 {
		fmt.Fprintln(e.stdout, "OK: the models and the migrations agree (no migration yet)")
		return nil
	}
	fmt.Fprintf(e.stdout, "OK: the models and the migrations agree (head %s)\n", h.Head())
	if e.project.NoSafePlans {
		return nil
	}
	return lintForCheck(ctx, e, h, dir)
}

// adviseCorruptSum adds to an error about a corrupt sum file the command
// of the program prog that records it again.
func adviseCorruptSum(err error, prog string) error {
	if errors.Is(err, migdir.ErrCorrupt) {
		return fmt.Errorf("%w (`%s hash`)", err, prog)
	}
	return err
}
