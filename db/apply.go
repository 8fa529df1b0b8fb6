package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// apply runs one migration and records it, reporting false when another
// process had already applied it (SQLite). It logs the migration starting,
// still running every cfg.progressInterval, and applied with its duration.
// Transactional migrations run in c's transaction when c is not nil (see
// chain), each in a transaction of its own otherwise.
func apply(ctx context.Context, conn *gorm.DB, d backend, cfg *config, m *history.Migration, c *chain) (bool, error) {
	cfg.logger.InfoContext(ctx, "applying migration", "id", m.ID, "message", m.Message)
	start := time.Now()
	stop := stillRunning(ctx, cfg, "migration", m, start)
	var ran bool
	var err error
	switch {
	case m.NoTransaction:
		if err = c.close(true); err == nil {
			ran, err = applyOutside(ctx, conn, d, cfg, m, start)
		}
	case c != nil:
		err = applyChained(ctx, conn, c, m, start)
		ran = err == nil
	default:
		ran, err = applyInside(ctx, conn, d, cfg, m, start)
	}
	stop()
	if err != nil || !ran {
		return false, err
	}
	cfg.logger.InfoContext(ctx, "applied migration", "id", m.ID, "message", m.Message, "duration", time.Since(start).Round(time.Millisecond))
	return true, nil
}

// applyInside runs m and writes its row in one transaction: BEGIN, the
// migration's statements, the row, COMMIT.
func applyInside(ctx context.Context, conn *gorm.DB, d backend, cfg *config, m *history.Migration, start time.Time) (bool, error) {
	ran := false
	err := conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if exists, err := d.recheck(tx, m.ID, false); err != nil || exists {
			return err
		}
		if err := m.Migrate(tx); err != nil {
			return err
		}
		if err := d.verify(tx); err != nil {
			return err
		}
		ran = true
		return insertRecord(tx, m.ID, m.Message, m.Checksum, time.Since(start), StateApplied)
	})
	return ran && err == nil, err
}

// applyOutside runs a NoTransaction migration: its row is written first as
// started, then set to applied or failed, so that a failure or a crash in
// the middle makes later runs stop with ErrFailedMigration.
func applyOutside(ctx context.Context, conn *gorm.DB, d backend, cfg *config, m *history.Migration, start time.Time) (bool, error) {
	claimed := false
	err := conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if exists, err := d.recheck(tx, m.ID, false); err != nil || exists {
			return err
		}
		claimed = true
		return insertRecord(tx, m.ID, m.Message, m.Checksum, -1, StateStarted)
	})
	if err != nil || !claimed {
		return false, err
	}
	err = m.Migrate(conn.WithContext(ctx))
	after := conn.WithContext(context.WithoutCancel(ctx))
	if err != nil {
		if uerr := updateRecord(after, m.ID, time.Since(start), StateFailed); uerr != nil {
			return false, errors.Join(err, uerr)
		}
		rec := &record{ID: m.ID, Message: m.Message, State: StateFailed, AppliedAt: time.Now().UTC()}
		if left := d.leftovers(after); left != "" {
			return false, fmt.Errorf("%w; %s. %w", err, left, brokenError(cfg.history, rec))
		}
		return false, fmt.Errorf("%w. %w", err, brokenError(cfg.history, rec))
	}
	return true, updateRecord(after, m.ID, time.Since(start), StateApplied)
}
