// Package dbtest gives each test a fresh database at the head of a
// migration history, in milliseconds instead of the time a full migration
// run takes, for Matar's tests and any GORM project's.
//
// On PostgreSQL, NewDB clones a template database with CREATE DATABASE …
// TEMPLATE. The template is built once per server and history: its name
// carries a hash of the history's migration IDs and checksums, so a changed
// history gets a new template and the stale ones of the same prefix are
// dropped. Test binaries that start at once build it once between them:
// the build holds an advisory lock on the admin database and happens under
// a temporary name that is renamed only when the migrations succeeded, so
// a crash never leaves a half-built template behind. Templates refuse
// connections (ALLOW_CONNECTIONS false), so nothing can hold them open and
// block a clone.
//
// On SQLite, NewSQLite copies a migrated file, built once per process and
// history and kept in memory.
//
// Every function is safe for concurrent use and works with t.Parallel. The
// database is dropped (PostgreSQL) or removed with the test's temporary
// directory (SQLite) when the test ends. When the PostgreSQL server cannot
// be reached the test is skipped, except under CI=true, where it fails.
//
// A history whose migrations carry no checksums is keyed by its IDs only:
// editing such a migration in place does not rebuild the template; give
// WithKey a value that changes with the migrations' code in that case.
package dbtest
