package migrator

import (
	"context"

	"gorm.io/gorm"
)

// appliedMeanwhile reports, under the lock and on the lock's own
// connection, whether another process applied the migrations up to the
// one at index last while this one waited for the lock. Anything it cannot
// decide (no bookkeeping table yet, a table to upgrade, an error to
// report) it leaves to the run on its own connection.
func (m *Migrator) appliedMeanwhile(last int) func(context.Context, *heldLock) (bool, error) {
	return func(ctx context.Context, l *heldLock) (bool, error) {
		ctx, cancel := context.WithTimeout(ctx, m.cfg.lockWait) // the lock waits for its answer
		defer cancel()
		return l.peek(ctx, func(tx *gorm.DB) (bool, error) {
			recs, err := readLocked(ctx, tx, m.cfg)
			if err != nil {
				return false, err
			}
			p := makePlan(m.cfg.history, recs, last)
			if p.check(m.cfg.history, m.cfg.allowUnknown) != nil || len(p.pending) > 0 {
				return false, nil
			}
			if stale, err := m.digestStale(ctx, tx, recs); stale || err != nil {
				return false, err // the full path rewrites it
			}
			_, err = checkedPlan(ctx, m.cfg, recs, last)
			return err == nil, err
		})
	}
}
