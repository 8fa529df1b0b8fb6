package migrator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// A chained PostgreSQL migration's DDL statements wait in a batch and
// travel with its bookkeeping row and COMMIT AND CHAIN in one
// simple-protocol message: one round trip per migration of DDL, however
// many statements it has. Only DDL without parameters waits (CREATE,
// ALTER, DROP, COMMENT, GRANT, REVOKE), whose result a migration has no
// use for; any other call (a query, a statement with parameters or
// another verb, a savepoint) first sends what waits, then runs as usual,
// so a migration always reads what its earlier statements did.
//
// A waiting statement's error is known only when the batch is sent. When
// that fails, the migration's transaction is rolled back and the migration
// is run once more, unbatched, in a transaction that is always rolled
// back: its own statement fails there as it would have, and that error is
// returned, exactly as an unbatched run reports it. A migration whose Go
// code branches on a DDL statement's error must read something between the
// statement and the branch.

// batchVerbs are the first words of the statements that may wait.
var batchVerbs = []string{"CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE"}

// errDeferred is what RowsAffected and LastInsertId of a waiting statement return.
var errDeferred = errors.New("the statement is sent with the migration's commit; its result is not known")

// batch is a migration transaction's connection that keeps DDL waiting.
type batch struct {
	tx      gorm.ConnPool
	waiting []string
	used    bool // a statement waited: an error may belong to an earlier statement
}

// batched returns tx as the migration sees it, and the batch.
func batched(ctx context.Context, tx *gorm.DB) (*gorm.DB, *batch) {
	b := &batch{tx: tx.Statement.ConnPool}
	bdb := tx.Session(&gorm.Session{Context: ctx})
	bdb.Statement.ConnPool = b
	return bdb, b
}

// take returns the waiting statements as the start of a message, and
// forgets them. Each semicolon goes on a line of its own, so that a
// statement ending in a -- comment does not swallow it.
func (b *batch) take() string {
	if len(b.waiting) == 0 {
		return ""
	}
	s := strings.Join(b.waiting, "\n;\n") + "\n;\n"
	b.waiting = nil
	return s
}

func (b *batch) flush(ctx context.Context) error {
	if q := b.take(); q != "" {
		_, err := b.tx.ExecContext(ctx, q)
		return err
	}
	return nil
}

func waits(query string, args []any) bool {
	if len(args) > 0 {
		return false
	}
	verb, _, _ := strings.Cut(strings.TrimSpace(query), " ")
	for _, v := range batchVerbs {
		if strings.EqualFold(verb, v) {
			return true
		}
	}
	return false
}

// ExecContext keeps DDL waiting and runs anything else after what waits.
func (b *batch) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if waits(query, args) {
		b.waiting, b.used = append(b.waiting, query), true
		return deferredResult{}, nil
	}
	if err := b.flush(ctx); err != nil {
		return nil, err
	}
	return b.tx.ExecContext(ctx, query, args...)
}

// PrepareContext sends what waits, then prepares.
func (b *batch) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	if err := b.flush(ctx); err != nil {
		return nil, err
	}
	return b.tx.PrepareContext(ctx, query)
}

// QueryContext sends what waits, then queries.
func (b *batch) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := b.flush(ctx); err != nil {
		return nil, err
	}
	return b.tx.QueryContext(ctx, query, args...)
}

// QueryRowContext sends what waits, then queries; a failed send fails the
// query too (the transaction is aborted), and the run's replay names the
// statement.
func (b *batch) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	b.flush(ctx)
	return b.tx.QueryRowContext(ctx, query, args...)
}

// Commit and Rollback make the batch a transaction for GORM, so that a
// nested Transaction in a migration uses a savepoint. The chain ends the
// transaction itself; a migration that commits fails as it would unbatched.
func (b *batch) Commit() error {
	if err := b.flush(context.Background()); err != nil {
		return err
	}
	return b.tx.(gorm.TxCommitter).Commit()
}

// Rollback drops what waits and rolls the transaction back.
func (b *batch) Rollback() error {
	b.waiting = nil
	return b.tx.(gorm.TxCommitter).Rollback()
}

type deferredResult struct{}

func (deferredResult) LastInsertId() (int64, error) { return 0, errDeferred }
func (deferredResult) RowsAffected() (int64, error) { return 0, errDeferred }

// replayError runs m's step in dir again, unbatched, in a transaction that
// is rolled back, after its batched run failed with err: the step's own
// error when it fails there, else err as the failure to record m. When no
// statement waited, or ctx is done, err is the step's own error already.
// The replay's transaction has the run's settings (local, see
// localSettings), so a statement that timed out times out again.
func (b *batch) replayError(ctx context.Context, conn *gorm.DB, local, table string, dir direction, m *history.Migration, err error, recording bool) error {
	if !b.used || ctx.Err() != nil {
		if recording {
			return recordError(table, m, err)
		}
		return err
	}
	errRolledBack := errors.New("rolled back")
	rerr := conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if local != "" {
			if err := execLocal(tx, local); err != nil {
				return err
			}
		}
		if err := dir.fn(m)(tx); err != nil {
			return err
		}
		return errRolledBack
	})
	if rerr != nil && !errors.Is(rerr, errRolledBack) {
		return rerr
	}
	return recordError(table, m, err)
}

// recordError is the error of a chained step whose bookkeeping statement failed.
func recordError(table string, m *history.Migration, err error) error {
	return fmt.Errorf("record the outcome of migration %s in table %s: %w", m.ID, table, err)
}
