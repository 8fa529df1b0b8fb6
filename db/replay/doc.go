// Package replay rebuilds the schema a migration history produces without
// a database: it runs each migration's Migrate on a connection that reaches
// no server, under op.Capture, so that package op's operations are recorded
// instead of run, and applies them to a schema in memory.
//
// Operations of package op written by hand count like generated ones. Raw
// SQL cannot be seen into: a migration that runs op.Execute, sends a
// statement of its own or reads the database is reported as opaque, and
// its operations of package op are still applied. A migration whose
// operations do not apply to the schema before it (adding a column that
// is already there) is an error naming the migration: the history would
// fail on every database.
//
// The history is the truth; the schema snapshot (schema.json) is a copy of
// what Replay builds, kept so that generating a migration needs neither a
// database nor the compiled history.
package replay
