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
	// that does not exist, a column that already does). Given s in the order
	// schema.Schema.Sort leaves it, it leaves s in that order after every
	// operation, putting in place only what it adds or renames and never
	// sorting the whole schema, so that replaying n operations costs no n
	// sorts of every table.
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
