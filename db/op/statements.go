package op

import (
	"fmt"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
)

// statements renders o for dialect d: one switch per dialect lives in
// postgres.go and sqlite.go.
func statements(d dialect.Dialect, before *schema.Schema, o Op) ([]string, error) {
	switch d {
	case dialect.Postgres:
		return postgresStatements(o, before)
	case dialect.SQLite:
		return sqliteStatements(o, before)
	}
	return nil, fmt.Errorf("%s: unsupported dialect %q", o, d)
}
