package op

import (
	"github.com/matar-app/matardb/db/schema"
)

// Op is one migration operation. Its SQL is rendered by Statements, one
// switch per dialect over the operations of this package (an Op of another
// package renders as an unsupported operation).
type Op interface {
	// Mutate changes s as the operation changes a database whose schema is s.
	// It fails, changing nothing, when the operation does not fit s (a table
	// that does not exist, a column that already does).
	Mutate(s *schema.Schema) error
	// Reverse returns the operation that undoes this one, given the schema
	// before it. Operations that cannot be undone (Execute) return an error.
	Reverse(before *schema.Schema) (Op, error)
	// LosesData reports whether the operation can destroy data that is
	// in the database before it runs: dropping a table or column, or
	// narrowing a column's type (given the schema before it).
	LosesData(before *schema.Schema) bool
	// GoString renders the operation as a Go expression using package op,
	// such as `op.DropColumn("post", "organization_id")`.
	GoString() string
	// String describes the operation in a few words for people:
	// `add column "post"."organization_id"`.
	String() string
}
