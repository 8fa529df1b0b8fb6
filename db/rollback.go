package db

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// Rollback undoes applied migrations, newest first, each in its own
// transaction through gormigrate's RollbackMigration, under the same lock
// as Migrate; like Migrate, it first creates or upgrades the bookkeeping
// table. target is a migration ID (undo every applied migration after it),
// "-N" (undo the last N applied) or Base (undo all). A migration that
// is not applied is never rolled back. It logs each migration as its
// rollback starts, while it runs (WithProgressInterval) and when it is
// rolled back, with its duration.
//
// Before changing anything it fails with ErrUnknownTarget (a target that is
// none of those, or -N beyond what is applied), ErrNotApplied (the target
// migration is not applied), ErrIrreversible (a migration to undo has no
// Rollback, named), ErrUnknownApplied (unless AllowUnknownApplied: the
// unknown migrations would stay on top of the ones rolled back) or
// ErrFailedMigration; it fails with ErrLockTimeout when another process
// holds the lock. When a rollback fails, its transaction is rolled back and
// the error names the migration; the ones undone before it stay undone.
//
// Options used: WithHistory, WithLogger, WithLockWait,
// WithStatementTimeouts, WithProgressInterval, AllowUnknownApplied.
func Rollback(ctx context.Context, gdb *gorm.DB, target string, opts ...Option) error {
	cfg, d, err := setup(gdb, opts)
	if err != nil {
		return err
	}
	if err := checkRollbackTarget(cfg.history, target); err != nil {
		return err
	}
	return underLock(ctx, gdb, d, cfg, func(conn *gorm.DB) error {
		undo, err := planRollback(ctx, conn, cfg, target)
		if err != nil || len(undo) == 0 {
			return err
		}
		cfg.logger.InfoContext(ctx, "rolling back", "migrations", len(undo), "to", orBase(undo[len(undo)-1].Parent))
		return rollbackAll(ctx, conn, d, cfg, undo)
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
	recs, err := readRecords(ctx, conn, columnNames())
	if err != nil {
		return nil, err
	}
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

func rollbackAll(ctx context.Context, conn *gorm.DB, d backend, cfg *config, undo []*history.Migration) error {
	var done []string
	for _, m := range undo {
		cfg.logger.InfoContext(ctx, "rolling back migration", "id", m.ID, "message", m.Message)
		start := time.Now()
		stop := stillRunning(ctx, cfg, "rollback", m, start)
		ran, err := rollbackOne(ctx, conn, d, cfg, m)
		stop()
		if err != nil {
			msg := fmt.Sprintf("roll back migration %s (%s)", m.ID, m.Message)
			if len(done) > 0 {
				msg += " (after rolling back " + strings.Join(done, ", ") + ")"
			}
			return fmt.Errorf("%s: %w", msg, err)
		}
		if ran {
			done = append(done, m.ID)
			cfg.logger.InfoContext(ctx, "rolled back migration", "id", m.ID, "message", m.Message,
				"duration", time.Since(start).Round(time.Millisecond))
		}
	}
	return nil
}

// errGone stops a rollback whose row another process removed meanwhile.
var errGone = errors.New("migration already rolled back")

// rollbackOne undoes m with gormigrate, which runs m.Rollback and deletes
// the row in one transaction (none for a NoTransaction migration, whose
// failure marks it failed). It reports false when another process had
// already rolled it back (SQLite).
func rollbackOne(ctx context.Context, conn *gorm.DB, d backend, cfg *config, m *history.Migration) (bool, error) {
	g := gormigrate.New(conn.WithContext(ctx), &gormigrate.Options{
		TableName: TableName, IDColumnName: "id", IDColumnSize: 255, UseTransaction: !m.NoTransaction,
	}, nil)
	err := g.RollbackMigration(&gormigrate.Migration{ID: m.ID, Rollback: func(tx *gorm.DB) error {
		if m.NoTransaction {
			return rollbackOutside(ctx, tx, cfg, m)
		}
		if err := d.begin(tx, cfg); err != nil {
			return err
		}
		if exists, err := d.recheck(tx, m.ID, true); err != nil {
			return err
		} else if !exists {
			return errGone
		}
		if err := m.Rollback(tx); err != nil {
			return err
		}
		return d.verify(tx)
	}})
	if errors.Is(err, errGone) {
		return false, nil
	}
	return err == nil, err
}

// rollbackOutside runs a NoTransaction migration's Rollback, marking the
// migration failed if it fails part way.
func rollbackOutside(ctx context.Context, conn *gorm.DB, cfg *config, m *history.Migration) error {
	err := m.Rollback(conn)
	if err == nil {
		return nil
	}
	after := conn.WithContext(context.WithoutCancel(ctx))
	if uerr := updateRecord(after, m.ID, -1, StateFailed); uerr != nil {
		return errors.Join(err, uerr)
	}
	return fmt.Errorf("%w. %w", err, brokenError(cfg.history, &record{ID: m.ID, Message: m.Message, State: StateFailed, AppliedAt: time.Now().UTC()}))
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
