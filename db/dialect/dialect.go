// Package dialect names the SQL dialects matardb speaks. It is the one
// dialect type shared by URL parsing, opening a connection, rendering
// operations and reading a live schema; it imports nothing of the project.
package dialect

import "fmt"

// Dialect is a SQL dialect. The values are GORM's dialector names.
type Dialect string

// The dialects matardb supports.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// All lists the supported dialects, in a stable order.
var All = []Dialect{Postgres, SQLite}

// Parse maps a GORM dialector name (gorm.DB.Dialector.Name()) or a user's
// --dialect flag to a Dialect.
func Parse(name string) (Dialect, error) {
	switch name {
	case "postgres", "postgresql", "pgx":
		return Postgres, nil
	case "sqlite", "sqlite3":
		return SQLite, nil
	}
	return "", fmt.Errorf("unsupported dialect %q (want postgres or sqlite)", name)
}

// String returns the dialect's name.
func (d Dialect) String() string { return string(d) }
