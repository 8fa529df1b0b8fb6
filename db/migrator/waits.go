package migrator

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// sqliteBusyTimeout is the busy_timeout connect.Open gives a SQLite
// connection: how long a statement waits for another process's write lock.
const sqliteBusyTimeout = "10s"

// ensureTableBounded is ensureTable waiting at most cfg.lockWait, as the
// reads of the bookkeeping table do: a transaction holding a lock on it,
// or a server that stopped answering, ends the run with ErrReadTimeout.
func ensureTableBounded(ctx context.Context, conn *gorm.DB, d backend, cfg *config) error {
	tctx, cancel := context.WithTimeout(ctx, cfg.lockWait)
	defer cancel()
	err := ensureTable(tctx, conn, d, cfg)
	if err != nil && tctx.Err() != nil && ctx.Err() == nil {
		return fmt.Errorf("%w %s while creating or upgrading it: no answer within %v (the lock wait): "+
			"another transaction holds a lock on it, or the server does not answer: %w", ErrReadTimeout, TableName, cfg.lockWait, err)
	}
	return err
}

// namedWait says what a run waited for when SQLite gave up waiting for
// another process's write lock (SQLITE_BUSY after the busy timeout).
func namedWait(err error) error {
	if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") {
		return err
	}
	return fmt.Errorf("timed out after %s (busy_timeout) waiting for another process to release the SQLite database's write lock: %w",
		sqliteBusyTimeout, err)
}
