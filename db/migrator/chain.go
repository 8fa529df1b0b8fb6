package migrator

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// chain is the transaction a PostgreSQL run keeps open across consecutive
// transactional steps, applying or rolling back. Each step ends with one
// message holding its bookkeeping statement, the lock guard and COMMIT AND
// CHAIN (PostgreSQL 12 and later), which commits the step and opens the
// next one's transaction. A failing step still rolls back alone, and a step
// costs its own statements plus one, instead of BEGIN, the row and COMMIT.
// A nil *chain (SQLite) chains nothing.
//
// The guard (see lockGuard) fails the message, so that its COMMIT AND
// CHAIN rolls back, when the run's lock transaction no longer holds the
// migration lock: a step whose process was killed while the server ran its
// message, or whose lock was lost, never commits without the lock.
//
// local is the statement that sets the run's timeouts for a transaction
// (SET LOCAL), sent as each transaction of the chain begins.
type chain struct {
	tx    *gorm.DB
	local string
	guard string
}

// newChain returns a chain for d with cfg's settings and guard, the lock
// guard of the held lock (see heldLock; "" for none), nil when d does not
// chain.
func newChain(d backend, cfg *config, guard string) *chain {
	if !d.chains() {
		return nil
	}
	return &chain{local: localSettings(cfg), guard: guard}
}

// open returns the chain's transaction, beginning it when none is open.
func (c *chain) open(ctx context.Context, conn *gorm.DB) (*gorm.DB, error) {
	if c.tx == nil {
		tx := conn.WithContext(ctx).Begin()
		if tx.Error != nil {
			return nil, fmt.Errorf("begin a migration transaction: %w", tx.Error)
		}
		c.tx = tx
		if err := c.setLocal(); err != nil {
			return nil, err
		}
	}
	return c.tx, nil
}

// close ends the open transaction, if any: committing it (it holds nothing
// once the last step chained) or, after a failure, rolling it back.
func (c *chain) close(commit bool) error {
	if c == nil || c.tx == nil {
		return nil
	}
	tx := c.tx
	c.tx = nil
	if commit {
		return tx.Commit().Error
	}
	return tx.Rollback().Error
}

// runChained takes m one step in dir in the chain's transaction and commits
// it with its bookkeeping statement.
func runChained(ctx context.Context, conn *gorm.DB, c *chain, table string, dir direction, m *history.Migration, start time.Time) error {
	tx, err := c.open(ctx, conn)
	if err != nil {
		return err
	}
	btx, b := batched(ctx, tx)
	if err := dir.fn(m)(btx); err != nil {
		c.close(false)
		return b.replayError(ctx, conn, c.local, table, dir, m, err, false)
	}
	// The statement carries its values as literals so that it can share
	// one simple-protocol message with the migration's waiting DDL (see
	// batch), the lock guard and COMMIT AND CHAIN (a statement with
	// parameters must travel alone). The guard comes last before the
	// commit, after everything that may wait.
	if err := tx.Exec(b.take() + dir.literal(table, m, time.Since(start)) + c.andGuard() + "; COMMIT AND CHAIN" + c.andLocal()).Error; err != nil {
		c.close(false)
		if isLockGuardError(err) {
			return lockGuardError(dir, m, err)
		}
		return b.replayError(ctx, conn, c.local, table, dir, m, err, true)
	}
	return nil
}

// andGuard is the lock guard as the next statement of a message, "" for none.
func (c *chain) andGuard() string {
	if c.guard == "" {
		return ""
	}
	return ";\n" + c.guard
}

// pgString renders s as an escape-string literal (E'…'), which means the
// same whatever standard_conforming_strings is set to.
func pgString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "'", "''")
	return "E'" + s + "'"
}
