package migrator

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Stamp records exactly the migrations up to and including target (a
// migration ID, or Base for none) as applied, without running anything:
// rows are added (as StateStamped) for the ones missing and removed for the
// ones after target, in one transaction under the migration lock.
//
// It is also how an operator resolves a NoTransaction migration that failed
// (ErrFailedMigration): stamp the migration itself once its effect is
// complete, or its parent once its effect is undone.
//
// Errors: ErrUnknownTarget, ErrLockTimeout, ErrUnknownApplied (unless
// AllowUnknownApplied, in which case the unknown rows are kept).
func (m *Migrator) Stamp(ctx context.Context, target string) error {
	cfg := m.cfg
	pos, err := position(cfg.history, target)
	if err != nil {
		return err
	}
	return m.underLock(ctx, func(conn *gorm.DB) error {
		return stampLocked(ctx, conn, cfg, target, pos)
	})
}

func stampLocked(ctx context.Context, conn *gorm.DB, cfg *config, target string, pos int) error {
	recs, err := readRecords(ctx, conn, cfg.table, columnNames())
	if err != nil {
		return err
	}
	p := makePlan(cfg.history, recs, cfg.history.Len()-1)
	if len(p.unknown) > 0 && !cfg.allowUnknown {
		return p.check(cfg.history, false)
	}
	added, removed := 0, []string{}
	err = conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i, m := range cfg.history.Migrations() {
			r, ok := recs[m.ID]
			switch {
			case i > pos && ok:
				removed = append(removed, m.ID)
			case i > pos:
			case !ok:
				added++
				if err := insertRecord(tx, cfg.table, m.ID, m.Message, m.Checksum, -1, StateStamped); err != nil {
					return err
				}
			case !r.State.done():
				added++
				if err := updateRecord(tx, cfg.table, m.ID, -1, StateStamped); err != nil {
					return err
				}
			}
		}
		return deleteRecords(tx, cfg.table, removed)
	})
	if err != nil {
		return fmt.Errorf("stamp %s: %w", target, err)
	}
	cfg.logger.InfoContext(ctx, "stamped", "target", target, "recorded", added, "removed", len(removed))
	return nil
}
