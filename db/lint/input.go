package lint

import "time"

// Statement is one statement a migration sends to PostgreSQL, as matardb's
// offline rendering (upgrade --sql) records it: the SQL of package op's
// operations and of the migration's own Exec calls. SQL may hold several
// statements separated by semicolons (a hand-written op.Execute).
type Statement struct {
	SQL string
	// InTransaction is true when the statement runs inside the migration's
	// transaction (history.Migration.NoTransaction unset), false when it
	// runs on its own, committed as soon as it ends.
	InTransaction bool
}

// Migration is what the linter reads of one migration.
type Migration struct {
	// ID names the migration in findings.
	ID string
	// Statements are what its Migrate sends, in order. Rollbacks are not
	// linted: they undo a deploy and are judged by whoever runs them.
	Statements []Statement
	// LockTimeout is the lock_timeout in force when the migration runs:
	// the one matardb sets with SET LOCAL in each of the run's transactions
	// (migrator.WithStatementTimeouts, --lock-timeout; 10s by default). 0 means matardb sets none, and only a
	// SET lock_timeout among the statements then puts one in force.
	LockTimeout time.Duration
	// Opaque, when not empty, says what of the migration could not be
	// captured as statements (Go code that reads the database, or that
	// failed when run offline); the linter reports it as not inspected.
	Opaque string
	// Acks are the rules the migration acknowledges (see ParseAcks).
	Acks []Ack
	// Baseline migrations are read only to learn the schema they build
	// (tables, column types, indexes, checks); they are not judged. Give
	// the applied history as baseline to lint only the pending migrations.
	Baseline bool
}

// Options says what the linter cannot learn from the statements. The zero
// value is ready to use.
type Options struct {
	// NewTables are tables that hold no rows when the linted migrations
	// run, besides those created earlier in the same migration (which the
	// linter finds itself): for instance the tables that an earlier pending
	// migration of the same upgrade creates, when the caller knows they
	// will be applied together. Changes to a new table take the plain form.
	// Every other table is taken to exist with rows and traffic.
	NewTables []string
	// Together says the judged migrations run together, in one upgrade,
	// as the pending migrations of a database do: a table an earlier one
	// of them creates is new in the later ones too (without it, it is new
	// only in the migration that creates it). Baseline migrations were
	// applied before and create no new table.
	Together bool
}
