package migrator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// sqliteBusyTimeout names the busy_timeout connect.Open gives a SQLite
// connection: how long a statement waits for another process's write lock.
const sqliteBusyTimeout = "10s unless the SQLite URL sets busy_timeout="

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

// namedWait says what a run waited for when it gave up waiting for a new
// connection to the server (the connect timeout), or SQLite gave up
// waiting for another process's write lock (SQLITE_BUSY after the busy
// timeout).
func namedWait(err error) error {
	var ce *pgconn.ConnectError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ce) && isTimeout(err):
		return fmt.Errorf("the database server did not complete a new connection within the connect timeout "+
			"(connect_timeout in the URL, else connect.WithConnectTimeout): %w", err)
	case strings.Contains(err.Error(), "SQLITE_BUSY"):
		return fmt.Errorf("timed out after the busy timeout (%s) waiting for another process to release the SQLite database's write lock: %w",
			sqliteBusyTimeout, err)
	}
	return err
}

// namedTimeout says which of the run's timeouts ended a migration's
// statement: lock_timeout (SQLSTATE 55P03) or statement_timeout (57014).
func namedTimeout(cfg *config, err error) error {
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return err
	}
	switch {
	case pg.Code == "55P03" && strings.Contains(pg.Message, "lock timeout"):
		return fmt.Errorf("waited longer than the lock timeout (%s; WithStatementTimeouts, --lock-timeout) "+
			"for a lock another transaction holds: %w", setting(cfg.lockTimeout), err)
	case pg.Code == "57014" && strings.Contains(pg.Message, "statement timeout"):
		return fmt.Errorf("ran longer than the statement timeout (%s; WithStatementTimeouts, --statement-timeout): %w",
			setting(cfg.statementTimeout), err)
	}
	return err
}

// setting renders a timeout of the run, zero being the server's own.
func setting(d time.Duration) string {
	if d == 0 {
		return "the server's"
	}
	return d.String()
}
