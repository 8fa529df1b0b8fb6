package op

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/runlog"
	"github.com/matar-app/matardb/db/schema"
)

// DefaultBatchSize is how many rows one statement of FillInBatches
// updates unless BatchSize says otherwise.
const DefaultBatchSize = 5000

// progressEvery is how often FillInBatches logs how far it has come.
const progressEvery = 5 * time.Second

// FillInBatchesOp sets a column to a value in the rows where it is NULL, a
// batch of rows per statement, until no such row is left: no statement
// holds row locks on the whole table, and outside a transaction each batch
// commits on its own. It is how a safe plan backfills a new NOT NULL
// column, or a column made NOT NULL, on a table with rows. It logs its
// progress every 5 seconds to the migration run's logger (runlog.From the
// context: the migrator's WithLogger, else slog's default logger).
//
// On PostgreSQL a batch is the rows of a ctid list; rows the value leaves
// NULL are skipped, and stay NULL (the check that makes the column NOT NULL
// then fails, naming it). On SQLite, whose writer holds the database
// anyway, it is one UPDATE.
type FillInBatchesOp struct {
	Table, Column string
	Value         string // a SQL expression, evaluated per row
	Size          int    // rows per batch; 0 means DefaultBatchSize
}

// FillInBatches fills column of table with value (a SQL expression, which
// may read the row's other columns) where it is NULL, in batches.
func FillInBatches(table, column, value string) FillInBatchesOp {
	return FillInBatchesOp{Table: table, Column: column, Value: value}
}

// BatchSize sets how many rows a batch updates.
func (o FillInBatchesOp) BatchSize(n int) FillInBatchesOp { o.Size = n; return o }

// Mutate checks that the column exists; the schema does not change.
func (o FillInBatchesOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "fill column in")
	if err != nil {
		return err
	}
	if t.Column(o.Column) == nil {
		return fmt.Errorf("fill column %q in %q: no such column", o.Column, o.Table)
	}
	return nil
}

// Reverse is the operation itself: it only fills NULLs, so running it
// again on a rollback changes nothing a rollback needs. Generated
// rollbacks leave it out.
func (o FillInBatchesOp) Reverse(*schema.Schema) (Op, error) { return o, nil }

// LosesData is false: it writes only where the column is NULL.
func (o FillInBatchesOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o FillInBatchesOp) GoString() string {
	s := fmt.Sprintf("op.FillInBatches(%s, %s, %s)", strconv.Quote(o.Table), strconv.Quote(o.Column), strconv.Quote(o.Value))
	if o.Size > 0 {
		s += fmt.Sprintf(".BatchSize(%d)", o.Size)
	}
	return s
}

// String describes the operation for people, as the CLI lists it.
func (o FillInBatchesOp) String() string {
	return fmt.Sprintf("fill column %q.%q with %s in batches", o.Table, o.Column, o.Value)
}

func (o FillInBatchesOp) size() int {
	if o.Size > 0 {
		return o.Size
	}
	return DefaultBatchSize
}

// postgresFillBatch is the statement that fills one batch.
func postgresFillBatch(o FillInBatchesOp) string {
	t, c := quote(o.Table), quote(o.Column)
	return fmt.Sprintf("UPDATE %s SET %s = %s WHERE ctid = ANY (ARRAY(SELECT ctid FROM %s WHERE %s IS NULL AND (%s) IS NOT NULL LIMIT %d))",
		t, c, o.Value, t, c, o.Value, o.size())
}

// sqliteFill fills every row at once.
func sqliteFill(o FillInBatchesOp) string {
	return updateSQL(o.Table, o.Column, o.Value) + " WHERE " + quote(o.Column) + " IS NULL"
}

// fill runs the batches until one updates nothing.
func (o FillInBatchesOp) fill(tx *gorm.DB, d dialect.Dialect) error {
	stmts, err := Statements(d, nil, o)
	if err != nil || len(stmts) != 1 {
		return fmt.Errorf("%s: %w", o, err)
	}
	ctx := tx.Statement.Context
	log := runlog.From(ctx)
	start, last, total := time.Now(), time.Now(), int64(0)
	for {
		res := tx.Exec(stmts[0])
		if res.Error != nil {
			return fmt.Errorf("%s: after %d rows: %w", o, total, res.Error)
		}
		total += res.RowsAffected
		if res.RowsAffected == 0 || d != dialect.Postgres {
			break
		}
		if time.Since(last) >= progressEvery {
			last = time.Now()
			log.InfoContext(ctx, "filling column in batches", "table", o.Table, "column", o.Column,
				"rows", total, "elapsed", time.Since(start).Round(time.Second))
		}
	}
	log.DebugContext(context.WithoutCancel(ctx), "filled column", "table", o.Table, "column", o.Column, "rows", total)
	return nil
}
