package migrator

import (
	"context"
	"errors"
	"fmt"
	"net"

	"gorm.io/gorm"
)

// ErrReadTimeout is returned (wrapped) by Migrate when the up-to-date check
// got no answer within the lock wait: a transaction holds a lock on the
// bookkeeping table, or the server stopped answering.
var ErrReadTimeout = errors.New("timed out reading the bookkeeping table")

// readFast is the up-to-date check's read of the bookkeeping table, bounded
// as bounded says.
func readFast(ctx context.Context, gdb *gorm.DB, cfg *config) (recs map[string]*record, timedOut error, err error) {
	return readBounded(ctx, gdb, cfg, fastColumns)
}

// readLocked is the read of the bookkeeping table under the migration
// lock, bounded as readFast is; every error is returned.
func readLocked(ctx context.Context, db *gorm.DB, cfg *config) (map[string]*record, error) {
	recs, timedOut, err := readBounded(ctx, db, cfg, columnNames())
	if timedOut != nil {
		return nil, timedOut
	}
	return recs, err
}

// readBounded reads cols of the bookkeeping table, bounded as bounded says.
func readBounded(ctx context.Context, gdb *gorm.DB, cfg *config, cols []string) (recs map[string]*record, timedOut error, err error) {
	timedOut, err = bounded(ctx, cfg, func(rctx context.Context) error {
		var rerr error
		recs, rerr = readRecords(rctx, gdb, cfg.table, cols)
		return rerr
	})
	return recs, timedOut, err
}

// bounded runs one read of the bookkeeping table, bounded by cfg.lockWait
// (a process willing to wait that long for the migration lock waits as
// long for the table). A timeout, of the read or of the connection under
// it, is returned as timedOut (the slow path would wait for the same
// thing); any other error, as err, sends the caller to the slow path.
func bounded(ctx context.Context, cfg *config, read func(context.Context) error) (timedOut error, err error) {
	rctx, cancel := context.WithTimeout(ctx, cfg.lockWait)
	defer cancel()
	err = read(rctx)
	return readTimeout(ctx, cfg, err, rctx.Err() != nil), err
}

// readTimeout is the timeout err, the error of a bounded read, stands for,
// if any: expired says the read's bound passed (a bound ctx does not
// share ends the read for another reason).
func readTimeout(ctx context.Context, cfg *config, err error, expired bool) error {
	switch {
	case err == nil:
		return nil
	case expired && ctx.Err() == nil:
		return noAnswer(cfg)
	case isTimeout(err):
		return fmt.Errorf("%w %s: the connection to the server timed out (connect_timeout): %w", ErrReadTimeout, cfg.table, err)
	}
	return nil
}

// isTimeout reports whether err is a deadline or a network timeout.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// noAnswer is the error of a read of the bookkeeping table that got no
// answer within the lock wait.
func noAnswer(cfg *config) error {
	return fmt.Errorf("%w %s: no answer within %v (the lock wait): another transaction holds a lock on it "+
		"(look for it in pg_locks), or the server does not answer", ErrReadTimeout, cfg.table, cfg.lockWait)
}
