package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/replay"
)

// confirmRollback lists the steps of the rollbacks Down(target) would run
// that drop data and, on a terminal without --yes, asks before going on.
// It returns the plan shown, which the rollback must find again under the
// migration lock (DownAsPlanned).
func confirmRollback(ctx context.Context, e *env, m *migrator.Migrator, target string, yes bool) ([]*history.Migration, error) {
	undo, err := m.RollbackPlan(ctx, target)
	if err != nil || len(undo) == 0 {
		return undo, err
	}
	built, err := replay.Run(ctx, m.History())
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(undo))
	for i, u := range undo {
		ids[i] = u.ID
	}
	losses, err := built.RollbackLosses(ids)
	if err != nil || len(losses) == 0 {
		return undo, err
	}
	fmt.Fprintf(e.stderr, "%s: rolling back %s drops data:\n", e.project.name(), strings.Join(ids, ", "))
	for _, l := range losses {
		fmt.Fprintf(e.stderr, "  %s: %s\n", l.ID, l.Step)
	}
	if yes || !isTerminal(e.stdin) {
		return undo, nil
	}
	fmt.Fprint(e.stderr, "Roll back anyway? [y/N] ")
	answer, _ := bufio.NewReader(e.stdin).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
		return nil, errors.New("nothing was rolled back")
	}
	return undo, nil
}

// downgrade rolls back to target what confirmRollback showed, refusing
// when the database changed in between.
func downgrade(ctx context.Context, e *env, m *migrator.Migrator, target string, yes bool) error {
	undo, err := confirmRollback(ctx, e, m, target, yes)
	if err != nil {
		return err
	}
	if err := m.DownAsPlanned(ctx, target, undo); err != nil {
		if errors.Is(err, migrator.ErrPlanChanged) {
			return fmt.Errorf("%w; run %s downgrade %s again to see what it rolls back now", err, e.project.name(), target)
		}
		return err
	}
	return printPosition(ctx, e, m)
}

// downgradeSQL prints the SQL that rolls a database at FROM back to
// TARGET (spec is FROM:TARGET; TARGET an ID, -N or base), each rollback in
// its own transaction and its bookkeeping row deleted as Down does. The
// migrations up to FROM are run offline first, so that each rollback meets
// the schema it would. A migration or rollback that fails offline fails
// the command, printing no script.
func downgradeSQL(ctx context.Context, e *env, d dialect.Dialect, spec string) error {
	fromID, toID, ok := strings.Cut(spec, ":")
	if !ok {
		return usagef("downgrade --sql needs FROM:TARGET: the migration the database is at, and the target")
	}
	h, err := e.project.history()
	if err != nil {
		return err
	}
	from, err := position(h, fromID, "head", e.project.name())
	if err != nil {
		return err
	}
	to, err := rollbackPosition(h.Len(), from, toID, func(id string) (int, error) {
		return position(h, id, "base", e.project.name())
	})
	if err != nil {
		return err
	}
	table, o, err := scriptRenderer(e, d)
	if err != nil {
		return err
	}
	defer o.Close()
	for i := 0; i <= from; i++ {
		r := o.Render(ctx, h.At(i))
		if err := r.Failure(); err != nil {
			return offlineFailure(e, "downgrade", h.At(i), err)
		}
	}
	sw := startScript(e, d, table, "downgrade", h, from, to)
	for i := from; i > to; i-- {
		m := h.At(i)
		r := o.RenderRollback(ctx, m)
		if err := r.Failure(); err != nil {
			return offlineFailure(e, "downgrade", m, err)
		}
		sw.step(m, &r, migrator.ScriptDeleteSQL(table, m))
	}
	sw.finish(e, d, "the rollbacks of %s cannot be rendered offline")
	return nil
}

// rollbackPosition resolves a rollback target from the migration at from:
// -N is N before it; anything else goes through resolve. The target must
// not come after from.
func rollbackPosition(n, from int, target string, resolve func(string) (int, error)) (int, error) {
	var to int
	if steps, ok := strings.CutPrefix(target, "-"); ok {
		var k int
		if _, err := fmt.Sscanf(steps, "%d", &k); err != nil || k < 1 || fmt.Sprint(k) != steps {
			return 0, usagef("relative target %q: want -N with N a positive number", target)
		}
		to = from - k
	} else {
		var err error
		if to, err = resolve(target); err != nil {
			return 0, err
		}
	}
	if to < -1 || to > from || to >= n {
		return 0, fmt.Errorf("%w %q: a downgrade from position %d goes back, to base at the furthest", migrator.ErrUnknownTarget, target, from+1)
	}
	return to, nil
}
