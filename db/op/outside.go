package op

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/timeouts"
)

// RunsOutsideTransaction reports whether o is meant to run outside the
// migration's transaction: the CONCURRENTLY index operations, which
// PostgreSQL refuses inside one, and ValidateConstraint and FillInBatches,
// which would otherwise keep the locks of the transaction's earlier
// statements for as long as they scan or fill. A migration that lists one
// is NoTransaction.
func RunsOutsideTransaction(o Op) bool {
	switch o.(type) {
	case CreateIndexConcurrentlyOp, DropIndexConcurrentlyOp, ValidateConstraintOp, FillInBatchesOp:
		return true
	}
	return false
}

// ErrConcurrentlyInTransaction is returned by Apply for a CONCURRENTLY
// operation given a transaction on PostgreSQL.
var ErrConcurrentlyInTransaction = errors.New("CONCURRENTLY cannot run inside a transaction: make the migration NoTransaction")

// inTransaction reports whether tx is a transaction.
func inTransaction(tx *gorm.DB) bool {
	_, ok := tx.Statement.ConnPool.(gorm.TxCommitter)
	return ok
}

// applyOutside runs ops on a connection outside a transaction, as a
// NoTransaction migration's Apply does: each operation that runs outside a
// transaction (RunsOutsideTransaction) on its own, and each run of the
// others between them in a transaction of its own, so that they commit or
// fail together and SQLite can rebuild tables. The error says which steps
// had committed before the one that failed.
func applyOutside(tx *gorm.DB, d dialect.Dialect, ops []Op) error {
	done := 0
	for done < len(ops) {
		n := 1
		for !RunsOutsideTransaction(ops[done]) && done+n < len(ops) && !RunsOutsideTransaction(ops[done+n]) {
			n++
		}
		group := ops[done : done+n]
		var err error
		if RunsOutsideTransaction(group[0]) {
			err = applyIn(tx, d, group)
		} else {
			err = tx.Transaction(func(tx *gorm.DB) error {
				if err := setLocalTimeouts(tx, d); err != nil {
					return err
				}
				return applyIn(tx, d, group)
			})
		}
		if err != nil {
			return committedBefore(err, ops[:done])
		}
		done += n
	}
	return nil
}

// committedBefore adds to err what had committed before it.
func committedBefore(err error, committed []Op) error {
	if len(committed) == 0 {
		return err
	}
	return fmt.Errorf("%w (outside a transaction; committed before it: %s)", err, runName(committed))
}

// refuseConcurrentlyInTx fails for a CONCURRENTLY operation in a
// PostgreSQL transaction, with a clearer sentence than PostgreSQL's.
func refuseConcurrentlyInTx(tx *gorm.DB, d dialect.Dialect, ops []Op) error {
	if d != dialect.Postgres || !inTransaction(tx) {
		return nil
	}
	for _, o := range ops {
		switch o.(type) {
		case CreateIndexConcurrentlyOp, DropIndexConcurrentlyOp:
			return fmt.Errorf("%s: %w", o, ErrConcurrentlyInTransaction)
		}
	}
	return nil
}

// setLocalTimeouts sets, in a transaction Apply opened on PostgreSQL, the
// timeouts the migrator runs migrations with (timeouts.From the context):
// a step such as ADD CONSTRAINT … NOT VALID takes an ACCESS EXCLUSIVE lock
// for a moment, and must fail rather than queue every query of the table
// behind it while it waits. The steps that run outside a transaction take
// locks that do not block reads and writes, and run without.
func setLocalTimeouts(tx *gorm.DB, d dialect.Dialect) error {
	t, ok := timeouts.From(tx.Statement.Context)
	if !ok || d != dialect.Postgres {
		return nil
	}
	for _, s := range []struct {
		name string
		v    time.Duration
	}{{"lock_timeout", t.Lock}, {"statement_timeout", t.Statement}} {
		if s.v <= 0 {
			continue
		}
		if err := tx.Exec(fmt.Sprintf("SET LOCAL %s = '%dms'", s.name, s.v.Milliseconds())).Error; err != nil {
			return fmt.Errorf("set %s in the transaction of a group of steps: %w", s.name, err)
		}
	}
	return nil
}
