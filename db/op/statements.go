package op

import (
	"fmt"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
)

// Statements renders the SQL that performs o on dialect d. before is the
// schema before the operation; an operation that rebuilds a SQLite table
// (see RebuildsSQLiteTable) reads the table's full definition from it, and
// PostgreSQL never reads it (it may be nil). Each dialect renders in one
// switch over the operations, in postgres.go and sqlite.go.
func Statements(d dialect.Dialect, before *schema.Schema, o Op) ([]string, error) {
	switch d {
	case dialect.Postgres:
		return postgresStatements(o)
	case dialect.SQLite:
		return sqliteStatements(o, before)
	}
	return nil, fmt.Errorf("%s: unsupported dialect %q", o, d)
}
