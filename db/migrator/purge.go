package migrator

import (
	"context"

	"gorm.io/gorm"
)

// StampPurge is Stamp that first removes the record of every migration
// the database has applied and the history does not contain: one that was
// applied from a branch and then dropped before it was merged, say, which
// otherwise makes every run fail with ErrUnknownApplied. It runs nothing:
// whatever such a migration did to the schema must be undone by hand, and
// is not undone here. It returns exactly the rows it removed (ID, message,
// when applied), in the order they were applied; Stamp's rules apply to
// the rest, in the same transaction. Alembic calls this stamp --purge.
func (m *Migrator) StampPurge(ctx context.Context, target string) ([]MigrationStatus, error) {
	cfg := m.cfg
	pos, err := position(cfg.history, target)
	if err != nil {
		return nil, err
	}
	var purged []*record
	err = m.underLock(ctx, nil, func(ctx context.Context, conn *gorm.DB, _ *heldLock) error {
		purged, err = stampLocked(ctx, conn, cfg, m.stampSettings(), target, pos, true)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]MigrationStatus, len(purged))
	for i, r := range purged {
		out[i] = statusOf(r, false)
	}
	return out, nil
}

func recordIDs(rs []*record) []string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}
