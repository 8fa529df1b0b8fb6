package op

import (
	"fmt"
	"strconv"

	"github.com/matar-app/matardb/db/schema"
)

// AddUniqueUsingIndexOp makes a unique index a UNIQUE table constraint
// (ALTER TABLE … ADD CONSTRAINT name UNIQUE USING INDEX name on PostgreSQL,
// which takes its lock only for a moment since the index is built). With
// CreateIndexConcurrently before it, it is the safe form of adding a
// unique constraint to a table with rows. On SQLite, where a constraint
// can only be added by rebuilding the table, the table is rebuilt.
type AddUniqueUsingIndexOp struct{ Table, Index string }

// AddUniqueUsingIndex attaches the unique index called index of table as
// a UNIQUE constraint of the same name.
func AddUniqueUsingIndex(table, index string) AddUniqueUsingIndexOp {
	return AddUniqueUsingIndexOp{table, index}
}

// Mutate marks the index as a table constraint.
func (o AddUniqueUsingIndexOp) Mutate(s *schema.Schema) error {
	i, err := o.index(s)
	if err != nil {
		return err
	}
	i.Constraint = true
	return nil
}

func (o AddUniqueUsingIndexOp) index(s *schema.Schema) (*schema.Index, error) {
	t, err := table(s, o.Table, "add unique constraint to")
	if err != nil {
		return nil, err
	}
	i := t.Index(o.Index)
	switch {
	case i == nil:
		return nil, fmt.Errorf("add unique constraint %q to %q: no index of that name", o.Index, o.Table)
	case !i.Unique || i.Constraint:
		return nil, fmt.Errorf("add unique constraint %q to %q: the index is not a unique index standing alone", o.Index, o.Table)
	}
	return i, nil
}

// Reverse drops the constraint, and with it the index.
func (o AddUniqueUsingIndexOp) Reverse(*schema.Schema) (Op, error) {
	return DropUniqueConstraint(o.Table, o.Index), nil
}

// LosesData is false.
func (o AddUniqueUsingIndexOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o AddUniqueUsingIndexOp) GoString() string {
	return fmt.Sprintf("op.AddUniqueUsingIndex(%s, %s)", strconv.Quote(o.Table), strconv.Quote(o.Index))
}

// String describes the operation for people, as the CLI lists it.
func (o AddUniqueUsingIndexOp) String() string {
	return fmt.Sprintf("add unique constraint %q to %q using its index", o.Index, o.Table)
}

func postgresAddUniqueUsingIndex(o AddUniqueUsingIndexOp) []string {
	return []string{alterTable(o.Table, fmt.Sprintf("ADD CONSTRAINT %s UNIQUE USING INDEX %s", quote(o.Index), quote(o.Index)))}
}
