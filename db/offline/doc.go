// Package offline runs migrations without a database server and records
// the SQL they issue: what `matardb upgrade --sql` prints and what the
// linter (package lint, through package lintrun) reads.
//
// PostgreSQL: GORM in DryRun mode on a connection pool that refuses every
// call, so statements are built and recorded but never sent. SQLite: a
// private in-memory database that the migrations really run on (a SQLite
// table rebuild reads the table it rebuilds, which only a database can
// answer); nothing outside the process is touched.
//
// Statements issued by package op are the migration's SQL. Anything else a
// migration does (a statement of its own, a read whose answer could steer
// its Go code, an error) makes it a migration matardb cannot render
// offline. Each statement records whether it ran inside a transaction: the
// migration's own, or one that op.Apply opened for a group of steps of a
// NoTransaction migration.
//
// A Renderer runs migrations one after the other, in history order, so
// that each meets the schema the ones before it built (on SQLite); it is
// not safe for concurrent use.
package offline
