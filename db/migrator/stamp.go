package migrator

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Stamp records exactly the migrations up to and including target (a
// migration ID or a prefix of exactly one, Head, or Base for none) as applied, without running anything:
// rows are added (as StateStamped) for the ones missing and removed for the
// ones after target, in one transaction under the migration lock.
//
// It is also how an operator resolves a NoTransaction migration that failed
// (ErrFailedMigration): stamp the migration itself once its effect is
// complete, or its parent once its effect is undone.
//
// On PostgreSQL the transaction that writes the rows has the run's
// lock_timeout and statement_timeout (SET LOCAL, as a migration's), so a
// transaction holding a lock on the bookkeeping table fails the stamp
// within the lock timeout, with an error naming it, instead of making it
// wait.
//
// Errors: ErrUnknownTarget, ErrLockTimeout, ErrUnknownApplied (unless
// AllowUnknownApplied, in which case the unknown rows are kept).
func (m *Migrator) Stamp(ctx context.Context, target string) error {
	cfg := m.cfg
	pos, err := position(cfg.history, target)
	if err != nil {
		return err
	}
	return m.underLock(ctx, nil, func(ctx context.Context, conn *gorm.DB, _ *heldLock) error {
		_, err := stampLocked(ctx, conn, cfg, m.stampSettings(), target, pos, false)
		return err
	})
}

// stampSettings is the statement that sets the run's timeouts in the
// stamp's transaction (see localSettings), "" where a run sets none
// (SQLite, whose busy timeout bounds its waits).
func (m *Migrator) stampSettings() string {
	if !m.d.chains() {
		return ""
	}
	return localSettings(m.cfg)
}

// stampLocked stamps target on conn; with purge it first removes the rows
// of migrations the history does not contain, and returns them. local,
// when not empty, sets the run's timeouts in the transaction that writes.
func stampLocked(ctx context.Context, conn *gorm.DB, cfg *config, local, target string, pos int, purge bool) ([]*record, error) {
	recs, err := readLocked(ctx, conn, cfg)
	if err != nil {
		return nil, err
	}
	p := makePlan(cfg.history, recs, cfg.history.Len()-1)
	if len(p.unknown) > 0 && !cfg.allowUnknown && !purge {
		return nil, p.check(cfg.history, false)
	}
	var purged []*record
	if purge {
		purged = p.unknown
	}
	added, removed := 0, []string{}
	err = conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if local != "" {
			if err := execLocal(tx, local); err != nil {
				return err
			}
		}
		if err := deleteRecords(tx, cfg.table, recordIDs(purged)); err != nil {
			return err
		}
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
		return nil, fmt.Errorf("stamp %s: %w", target, namedTimeout(cfg, err))
	}
	for _, r := range purged {
		cfg.logger.InfoContext(ctx, "removed the record of a migration the history does not contain", "id", r.ID, "message", r.Message)
	}
	cfg.logger.InfoContext(ctx, "stamped", "target", target, "recorded", added, "removed", len(removed)+len(purged))
	return purged, nil
}
