package op

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/matar-app/matardb/db/schema"
)

// ExecuteOp runs raw SQL: data fixes and anything the other operations
// do not cover. matardb cannot know its effect on the schema, so a migration
// that changes the schema through Execute must keep the snapshot in step by
// hand.
type ExecuteOp struct {
	SQL  string
	Undo string // SQL that reverses it; empty when it cannot be reversed
}

// Execute runs sql as it is, on every dialect.
func Execute(sql string) ExecuteOp { return ExecuteOp{SQL: sql} }

// WithUndo names the SQL that reverses this one, so Reverse can return it.
func (o ExecuteOp) WithUndo(sql string) ExecuteOp { o.Undo = sql; return o }

// Mutate leaves s alone: raw SQL's effect on the schema is unknown.
func (o ExecuteOp) Mutate(*schema.Schema) error { return nil }

// ErrIrreversible is returned by Reverse for an operation that cannot be undone.
var ErrIrreversible = errors.New("operation cannot be reversed")

// Reverse returns the undo SQL, or ErrIrreversible.
func (o ExecuteOp) Reverse(*schema.Schema) (Op, error) {
	if o.Undo == "" {
		return nil, fmt.Errorf("execute %q: %w (give it WithUndo)", o.SQL, ErrIrreversible)
	}
	return ExecuteOp{SQL: o.Undo, Undo: o.SQL}, nil
}

// LosesData is false: matardb cannot tell, and the author wrote it on purpose.
func (o ExecuteOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o ExecuteOp) GoString() string {
	s := fmt.Sprintf("op.Execute(%s)", strconv.Quote(o.SQL))
	if o.Undo != "" {
		s += fmt.Sprintf(".WithUndo(%s)", strconv.Quote(o.Undo))
	}
	return s
}

// String describes the operation for people, as the CLI lists it.
func (o ExecuteOp) String() string { return fmt.Sprintf("execute %q", o.SQL) }
