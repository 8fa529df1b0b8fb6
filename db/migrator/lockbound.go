package migrator

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// boundedTryXactLock is tryXactLock waiting at most left (the rest of the
// lock wait, but at least lockHeartbeat) for the server's answer, so that
// a server that stops answering ends the wait with ErrLockTimeout instead
// of hanging it. The lock transaction lives in a context of its own, which
// the returned end cancels once the transaction is over.
func boundedTryXactLock(ctx context.Context, gdb *gorm.DB, left time.Duration) (*gorm.DB, string, context.CancelFunc, error) {
	bound := max(left, lockHeartbeat)
	lctx, end := context.WithCancel(ctx)
	interrupt := time.AfterFunc(bound, end)
	tx, vxid, err := tryXactLock(lctx, gdb)
	if !interrupt.Stop() {
		if err == nil {
			err = lctx.Err()
		}
		if tx != nil {
			tx.Rollback()
		}
		end()
		return nil, "", nil, fmt.Errorf("%w: the server did not answer an attempt to take it within %v: %w", ErrLockTimeout, bound, err)
	}
	if tx == nil {
		end()
		return nil, "", nil, err
	}
	return tx, vxid, end, nil
}
