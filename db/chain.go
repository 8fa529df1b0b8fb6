package db

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// chain is the transaction a PostgreSQL run keeps open across consecutive
// transactional migrations. Each migration ends with one message holding
// its bookkeeping row and COMMIT AND CHAIN (PostgreSQL 12 and later), which
// commits the migration and opens the next one's transaction. A failing
// migration still rolls back alone, and a migration costs its own
// statements plus one, instead of BEGIN, the row and COMMIT.
//
// local is the statement that sets the run's timeouts for a transaction
// (SET LOCAL), sent as each transaction of the chain begins.
type chain struct {
	tx    *gorm.DB
	local string
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
// once the last migration chained) or, after a failure, rolling it back.
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

// applyChained runs m in the chain's transaction and commits it with its row.
func applyChained(ctx context.Context, conn *gorm.DB, c *chain, m *history.Migration, start time.Time) error {
	tx, err := c.open(ctx, conn)
	if err != nil {
		return err
	}
	if err := m.Migrate(tx); err != nil {
		c.close(false)
		return err
	}
	// The row carries its values as literals so that it can share one
	// simple-protocol message with COMMIT AND CHAIN (a statement with
	// parameters must travel alone).
	at := time.Now().UTC().Format("2006-01-02 15:04:05.999999")
	q := literalRecordSQL(pgString, m, at, time.Since(start), StateApplied) + "; COMMIT AND CHAIN" + c.andLocal()
	if err := tx.Exec(q).Error; err != nil {
		c.close(false)
		return fmt.Errorf("record migration %s in table %s: %w", m.ID, TableName, err)
	}
	return nil
}

// pgString renders s as an escape-string literal (E'…'), which means the
// same whatever standard_conforming_strings is set to.
func pgString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "'", "''")
	return "E'" + s + "'"
}
