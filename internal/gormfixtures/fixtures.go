package gormfixtures

import (
	"slices"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/oracle"
)

// Fixture is the model set of one GORM idiom and the schema AutoMigrate
// builds from it.
type Fixture struct {
	// Name names the idiom, in the words of docs/gorm-mapping.md.
	Name string
	// Dialects lists where AutoMigrate accepts the set; a PostgreSQL-only
	// idiom lists only dialect.Postgres.
	Dialects []dialect.Dialect
	// Set is the models, their custom join tables and the gorm.Config.
	oracle.Set
	// Expected returns the schema AutoMigrate builds on a fresh database
	// of the dialect, sorted (see schema.Schema.Sort).
	Expected func(dialect.Dialect) *schema.Schema
}

// Supports reports whether the fixture applies to dialect d.
func (f Fixture) Supports(d dialect.Dialect) bool { return slices.Contains(f.Dialects, d) }

// All returns every fixture, in a stable order.
func All() []Fixture {
	return []Fixture{
		GormModel(), AutoIncrement(), AutoIncrementColumn(), ManyToMany(), ForeignKeys(),
		PostgresIndexes(), SQLiteIndexes(), Unique(), PostgresTypes(), PortableTypes(), DataTypeMethod(),
		Defaults(), Embedded(), Naming(), NoForeignKeys(),
	}
}

// both is every dialect; postgresOnly is PostgreSQL alone.
var (
	both         = []dialect.Dialect{dialect.Postgres, dialect.SQLite}
	postgresOnly = []dialect.Dialect{dialect.Postgres}
	sqliteOnly   = []dialect.Dialect{dialect.SQLite}
)

// sorted sorts s and returns it.
func sorted(s *schema.Schema) *schema.Schema {
	s.Sort()
	return s
}

// pick returns pg on PostgreSQL and lite on SQLite.
func pick[T any](d dialect.Dialect, pg, lite T) T {
	if d == dialect.Postgres {
		return pg
	}
	return lite
}
