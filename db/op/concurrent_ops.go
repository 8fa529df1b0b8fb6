package op

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/matar-app/matardb/db/schema"
)

// CreateIndexConcurrentlyOp builds an index without blocking writes to its
// table: CREATE INDEX CONCURRENTLY on PostgreSQL, a plain CREATE INDEX on
// SQLite. PostgreSQL refuses CONCURRENTLY inside a transaction, so the
// migration that lists it must be NoTransaction (Apply then runs the other
// operations in transactions of their own). A build that fails leaves an
// INVALID index behind, which the migrator reports.
type CreateIndexConcurrentlyOp struct {
	Table string
	Index schema.Index
}

// CreateIndexConcurrently builds idx (Index or UniqueIndex) on table without
// blocking writes. It is the safe form of CreateIndex on a table with rows.
func CreateIndexConcurrently(table string, idx IndexDef) CreateIndexConcurrentlyOp {
	return CreateIndexConcurrentlyOp{table, idx.idx}
}

func (o CreateIndexConcurrentlyOp) plain() CreateIndexOp { return CreateIndexOp{o.Table, o.Index} }

// Mutate adds the index to s.
func (o CreateIndexConcurrentlyOp) Mutate(s *schema.Schema) error { return o.plain().Mutate(s) }

// Reverse drops the index concurrently.
func (o CreateIndexConcurrentlyOp) Reverse(*schema.Schema) (Op, error) {
	return DropIndexConcurrently(o.Table, o.Index.Name), nil
}

// LosesData is false.
func (o CreateIndexConcurrentlyOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o CreateIndexConcurrentlyOp) GoString() string {
	return fmt.Sprintf("op.CreateIndexConcurrently(%s, %s)", strconv.Quote(o.Table), IndexDef{o.Index}.GoString())
}

// String describes the operation for people, as the CLI lists it.
func (o CreateIndexConcurrentlyOp) String() string { return o.plain().String() + " concurrently" }

// DropIndexConcurrentlyOp drops an index without blocking the table:
// DROP INDEX CONCURRENTLY on PostgreSQL (outside a transaction, like
// CreateIndexConcurrently), a plain DROP INDEX on SQLite.
type DropIndexConcurrentlyOp struct{ Table, Name string }

// DropIndexConcurrently drops the index called name from table without
// blocking it.
func DropIndexConcurrently(table, name string) DropIndexConcurrentlyOp {
	return DropIndexConcurrentlyOp{table, name}
}

func (o DropIndexConcurrentlyOp) plain() DropIndexOp { return DropIndex(o.Table, o.Name) }

// Mutate removes the index from s.
func (o DropIndexConcurrentlyOp) Mutate(s *schema.Schema) error { return o.plain().Mutate(s) }

// Reverse re-creates the index as it was, concurrently.
func (o DropIndexConcurrentlyOp) Reverse(before *schema.Schema) (Op, error) {
	r, err := o.plain().Reverse(before)
	if err != nil {
		return nil, err
	}
	c := r.(CreateIndexOp)
	return CreateIndexConcurrentlyOp(c), nil
}

// LosesData is false: an index holds no data of its own.
func (o DropIndexConcurrentlyOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o DropIndexConcurrentlyOp) GoString() string {
	return fmt.Sprintf("op.DropIndexConcurrently(%s, %s)", strconv.Quote(o.Table), strconv.Quote(o.Name))
}

// String describes the operation for people, as the CLI lists it.
func (o DropIndexConcurrentlyOp) String() string { return o.plain().String() + " concurrently" }

// concurrently turns a CREATE or DROP INDEX statement into its CONCURRENTLY
// form, so that the index is spelled as the plain operation spells it.
func concurrently(stmt string) string {
	return strings.Replace(stmt, " INDEX ", " INDEX CONCURRENTLY ", 1)
}
