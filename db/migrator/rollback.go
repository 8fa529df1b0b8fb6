package migrator

import (
	"context"
	"fmt"
	"gorm.io/gorm"
	"slices"
	"strings"

	"github.com/matar-app/matardb/db/history"
)

// Down rolls back applied migrations, newest first, to target: a
// migration ID or a prefix of exactly one (undo every applied migration
// after it), "-N" (undo the last N applied) or Base (undo all). A migration that is not applied is never
// rolled back. Each rollback goes through the same transaction handling and
// bookkeeping as applying (see UpTo), under the same lock; like UpTo, Down
// first creates or upgrades the bookkeeping table. It logs each migration
// as its rollback starts, while it runs (WithProgressInterval) and when it
// is rolled back, with its duration.
//
// Before changing anything it fails with ErrUnknownTarget (a target that is
// none of those, or -N beyond what is applied), ErrNotApplied (the target
// migration is not applied), ErrIrreversible (a migration to undo has no
// Rollback, named), ErrUnknownApplied (unless AllowUnknownApplied: the
// unknown migrations would stay on top of the ones rolled back) or
// ErrFailedMigration; it fails with ErrLockTimeout when another process
// holds the lock. When a rollback fails, its transaction is rolled back and
// the error names the migration; the ones undone before it stay undone.
func (m *Migrator) Down(ctx context.Context, target string) error {
	return m.down(ctx, target, nil)
}

// DownAsPlanned is Down for a caller that showed, or asked about, planned:
// what RollbackPlan(ctx, target) returned. Under the migration lock, before
// changing anything, it plans again from the bookkeeping table and fails
// with ErrPlanChanged, rolling back nothing, unless the plan is the same
// migrations in the same order: another process applied or rolled back
// migrations in between, and target (-N in particular) now means others.
func (m *Migrator) DownAsPlanned(ctx context.Context, target string, planned []*history.Migration) error {
	return m.down(ctx, target, func(undo []*history.Migration) error {
		if slices.Equal(ids(undo), ids(planned)) {
			return nil
		}
		return fmt.Errorf("%w (planned: %s; under the migration lock: %s): another process applied or rolled back "+
			"migrations meanwhile, and nothing was rolled back", ErrPlanChanged, listOrNone(ids(planned)), listOrNone(ids(undo)))
	})
}

// down is Down, calling check with the plan made under the lock, when
// check is not nil, before rolling anything back.
func (m *Migrator) down(ctx context.Context, target string, check func([]*history.Migration) error) error {
	cfg := m.cfg
	if err := checkRollbackTarget(cfg.history, target); err != nil {
		return err
	}
	return m.underLock(ctx, nil, func(ctx context.Context, conn *gorm.DB, l *heldLock) error {
		undo, err := planRollback(ctx, conn, cfg, target)
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(undo); err != nil {
				return err
			}
		}
		if len(undo) == 0 {
			return nil
		}
		cfg.logger.InfoContext(ctx, "rolling back", "migrations", len(undo), "to", orBase(undo[len(undo)-1].Parent))
		return rollbackAll(ctx, conn, m.d, cfg, l.guard, undo)
	})
}

// checkRollbackTarget fails on a target that is neither -N, Base nor an ID of h.
func checkRollbackTarget(h *history.History, target string) error {
	_, relative, err := steps(target)
	if err == nil && !relative {
		_, err = position(h, target)
	}
	return err
}

// planRollback reads the bookkeeping table and returns the migrations to
// undo, newest first, after checking that each can be.
func planRollback(ctx context.Context, conn *gorm.DB, cfg *config, target string) ([]*history.Migration, error) {
	recs, err := readLocked(ctx, conn, cfg)
	if err != nil {
		return nil, err
	}
	return rollbackPlan(cfg, recs, target)
}

// rollbackPlan returns the migrations Down(target) undoes given recs.
func rollbackPlan(cfg *config, recs map[string]*record, target string) ([]*history.Migration, error) {
	p := makePlan(cfg.history, recs, cfg.history.Len()-1)
	if err := p.check(cfg.history, cfg.allowUnknown); err != nil {
		return nil, err
	}
	var applied []*history.Migration
	for _, m := range cfg.history.Migrations() {
		if r, ok := recs[m.ID]; ok && r.State.done() {
			applied = append(applied, m)
		}
	}
	undo, err := rollbackRange(cfg.history, applied, target)
	if err != nil {
		return nil, err
	}
	for _, m := range undo {
		if m.Rollback == nil {
			return nil, fmt.Errorf("%w: migration %s (%s) has no Rollback function; nothing was rolled back",
				ErrIrreversible, m.ID, m.Message)
		}
	}
	return undo, nil
}

// rollbackRange selects, newest first, the applied migrations target undoes.
func rollbackRange(h *history.History, applied []*history.Migration, target string) ([]*history.Migration, error) {
	n, relative, _ := steps(target)
	if relative {
		if n > len(applied) {
			return nil, fmt.Errorf("%w %q: only %d migrations are applied", ErrUnknownTarget, target, len(applied))
		}
		return reversed(applied[len(applied)-n:]), nil
	}
	pos, err := position(h, target)
	if err != nil {
		return nil, err
	}
	if pos >= 0 && !slices.Contains(applied, h.At(pos)) {
		return nil, fmt.Errorf("%w: %s is not applied, so there is nothing to roll back to (current: %s)",
			ErrNotApplied, target, orBase(lastID(applied)))
	}
	var undo []*history.Migration
	for _, m := range applied {
		if i, _ := h.Position(m.ID); i > pos {
			undo = append(undo, m)
		}
	}
	return reversed(undo), nil
}

// rollbackAll rolls back undo in order, stopping at the first failure;
// guard is as runAll's.
func rollbackAll(ctx context.Context, conn *gorm.DB, d backend, cfg *config, guard string, undo []*history.Migration) error {
	return runAll(ctx, conn, d, cfg, guard, down, undo, func(m *history.Migration, done []string, err error) error {
		msg := fmt.Sprintf("roll back migration %s (%s)", m.ID, m.Message)
		if len(done) > 0 {
			msg += " (after rolling back " + strings.Join(done, ", ") + ")"
		}
		return fmt.Errorf("%s: %w", msg, namedTimeout(cfg, err))
	})
}

// ids returns the IDs of ms, in order.
func ids(ms []*history.Migration) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// listOrNone renders a plan's IDs for an error: "none" when empty.
func listOrNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

func reversed(ms []*history.Migration) []*history.Migration {
	out := slices.Clone(ms)
	slices.Reverse(out)
	return out
}

func lastID(ms []*history.Migration) string {
	if len(ms) == 0 {
		return ""
	}
	return ms[len(ms)-1].ID
}

// RollbackPlan returns the migrations Down(ctx, target) would roll back,
// newest first, with the same checks, without changing anything or taking
// the lock: for showing (and asking about) what a rollback is about to do.
// Another process may change the database before the rollback takes the
// lock: roll back with DownAsPlanned, which then refuses.
func (m *Migrator) RollbackPlan(ctx context.Context, target string) ([]*history.Migration, error) {
	if err := checkRollbackTarget(m.cfg.history, target); err != nil {
		return nil, err
	}
	recs, err := m.readOnly(ctx)
	if err != nil {
		return nil, err
	}
	return rollbackPlan(m.cfg, recs, target)
}
