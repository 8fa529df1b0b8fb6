package migrator

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/runlog"
	"github.com/matar-app/matardb/db/timeouts"
)

// direction is what differs between applying a migration and rolling it
// back. Both go through run: the same transaction handling (a transaction
// of their own, the chained one on PostgreSQL, or none for a NoTransaction
// migration, whose row is marked started first) and the same bookkeeping
// functions.
type direction struct {
	starting, finished string // log messages
	running            string // what stillRunning logs as "<running> still running"
	// hasRow is whether the migration's row exists before the step.
	hasRow bool
	// fn is the migration's function for this direction.
	fn func(m *history.Migration) func(*gorm.DB) error
	// record writes the outcome of a step that succeeded.
	record func(db *gorm.DB, table string, m *history.Migration, took time.Duration) error
	// literal is record as one statement without parameters, which can share
	// a message with COMMIT AND CHAIN (see chain).
	literal func(table string, m *history.Migration, took time.Duration) string
	// claim marks the row of a NoTransaction migration started before it
	// runs; settle records its outcome once it succeeded.
	claim  func(db *gorm.DB, table string, m *history.Migration) error
	settle func(db *gorm.DB, table string, m *history.Migration, took time.Duration) error
}

// up applies a migration and inserts its row.
var up = direction{
	starting: "applying migration", finished: "applied migration", running: "migration",
	hasRow: false,
	fn:     func(m *history.Migration) func(*gorm.DB) error { return m.Migrate },
	record: func(db *gorm.DB, table string, m *history.Migration, took time.Duration) error {
		return insertRecord(db, table, m.ID, m.Message, m.Checksum, took, StateApplied)
	},
	literal: func(table string, m *history.Migration, took time.Duration) string {
		at := time.Now().UTC().Format("2006-01-02 15:04:05.999999")
		return literalRecordSQL(table, pgString, m, pgString(at), took, StateApplied)
	},
	claim: func(db *gorm.DB, table string, m *history.Migration) error {
		return insertRecord(db, table, m.ID, m.Message, m.Checksum, -1, StateStarted)
	},
	settle: func(db *gorm.DB, table string, m *history.Migration, took time.Duration) error {
		return updateRecord(db, table, m.ID, took, StateApplied)
	},
}

// down rolls a migration back and deletes its row.
var down = direction{
	starting: "rolling back migration", finished: "rolled back migration", running: "rollback",
	hasRow: true,
	fn:     func(m *history.Migration) func(*gorm.DB) error { return m.Rollback },
	record: func(db *gorm.DB, table string, m *history.Migration, _ time.Duration) error {
		return deleteRecords(db, table, []string{m.ID})
	},
	literal: func(table string, m *history.Migration, _ time.Duration) string {
		return deleteLiteralSQL(table, pgString(m.ID))
	},
	claim: func(db *gorm.DB, table string, m *history.Migration) error {
		return updateRecord(db, table, m.ID, -1, StateStarted)
	},
	settle: func(db *gorm.DB, table string, m *history.Migration, _ time.Duration) error {
		return deleteRecords(db, table, []string{m.ID})
	},
}

// run takes m one step in dir and records it, reporting false when another
// process had already done so (SQLite). It logs the step starting, still
// running every cfg.progressInterval, and finished with its duration.
// Transactional migrations run in c's transaction when c is open-able (see
// chain), each in a transaction of its own otherwise.
func run(ctx context.Context, conn *gorm.DB, d backend, cfg *config, dir direction, m *history.Migration, c *chain) (bool, error) {
	ctx = runlog.With(ctx, cfg.logger) // for the operations' own logging (op.FillInBatches)
	cfg.logger.InfoContext(ctx, dir.starting, "id", m.ID, "message", m.Message)
	start := time.Now()
	stop := stillRunning(ctx, cfg, dir.running, m, start)
	var ran bool
	var err error
	switch {
	case m.NoTransaction:
		if err = c.close(true); err == nil {
			ran, err = runOutside(ctx, conn, d, cfg, dir, m, start)
		}
	case c != nil:
		err = runChained(ctx, conn, c, cfg.table, dir, m, start)
		ran = err == nil
	default:
		ran, err = runInside(ctx, conn, d, cfg.table, dir, m, start)
	}
	stop()
	if err != nil || !ran {
		return false, err
	}
	cfg.logger.InfoContext(ctx, dir.finished, "id", m.ID, "message", m.Message, "duration", time.Since(start).Round(time.Millisecond))
	return true, nil
}

// runInside runs the step and its bookkeeping in one transaction, after
// checking that no other process took the step meanwhile.
func runInside(ctx context.Context, conn *gorm.DB, d backend, table string, dir direction, m *history.Migration, start time.Time) (bool, error) {
	ran := false
	err := conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if exists, err := d.recheck(tx, table, m.ID, dir.hasRow); err != nil || exists != dir.hasRow {
			return err
		}
		if err := dir.fn(m)(tx); err != nil {
			return err
		}
		if err := d.verify(tx); err != nil {
			return err
		}
		ran = true
		return dir.record(tx, table, m, time.Since(start))
	})
	return ran && err == nil, err
}

// runOutside runs a NoTransaction migration's step: its row is marked
// started first, then recorded or marked failed, so that a failure or a
// crash in the middle makes later runs stop with ErrFailedMigration.
func runOutside(ctx context.Context, conn *gorm.DB, d backend, cfg *config, dir direction, m *history.Migration, start time.Time) (bool, error) {
	claimed := false
	err := conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if exists, err := d.recheck(tx, cfg.table, m.ID, dir.hasRow); err != nil || exists != dir.hasRow {
			return err
		}
		claimed = true
		return dir.claim(tx, cfg.table, m)
	})
	if err != nil || !claimed {
		return false, err
	}
	// No transaction carries the run's SET LOCAL timeouts: op.Apply sets
	// them in the transactions it opens for groups of steps.
	err = dir.fn(m)(conn.WithContext(timeouts.With(ctx, timeouts.Timeouts{Lock: cfg.lockTimeout, Statement: cfg.statementTimeout})))
	after := conn.WithContext(context.WithoutCancel(ctx))
	if err == nil {
		// As in runInside, before the step counts as taken: on SQLite,
		// whose migrations run with foreign keys off, a key added here
		// is checked against the existing rows only now.
		err = d.verify(after)
	}
	if err == nil {
		return true, dir.settle(after, cfg.table, m, time.Since(start))
	}
	if uerr := updateRecord(after, cfg.table, m.ID, time.Since(start), StateFailed); uerr != nil {
		return false, errors.Join(err, uerr)
	}
	failed := failedError(cfg.history, &record{ID: m.ID, Message: m.Message, State: StateFailed, AppliedAt: time.Now().UTC()})
	if left := d.leftovers(after); left != "" {
		return false, fmt.Errorf("%w; %s. %w", err, left, failed)
	}
	return false, fmt.Errorf("%w. %w", err, failed)
}
