// Package db opens Matar's database and brings its schema up to date: what
// the backend imports at startup.
//
// Open connects to PostgreSQL or to the embedded SQLite default. Migrate
// applies the pending migrations of the history (migrations.All() unless told
// otherwise); every replica may call it at startup at the same time. Rollback,
// Status, Current and Stamp serve the command line.
//
// The bookkeeping table is gormigrate's "migrations" table (its id column
// unchanged, so plain gormigrate reads it) with matardb's columns added: the
// message, when each migration was applied, how long it took, in what order,
// the checksum of its source and its status.
//
// On PostgreSQL a run that has work to do holds a transaction-scoped
// advisory lock (key AdvisoryLockKey) in a transaction of its own on a
// second connection, and sets its timeouts with SET LOCAL in each
// migration's transaction, so that nothing of a run is session state a
// transaction-mode pooler (PgBouncer, a cloud pooled endpoint) could leave
// on a server connection; Open uses pgx's simple protocol, which prepares
// nothing on the server, and a connect timeout. A killed process ends its
// transactions at once (each migration's backend checks every second that
// the process is there, client_connection_check_interval), so its
// migration rolls back and the lock is free within a second; a database
// that is up to date costs one query and takes no lock. Each migration runs
// in a transaction of its own,
// committed with its bookkeeping row and COMMIT AND CHAIN in one message,
// which also opens the next migration's transaction (PostgreSQL 12 or
// later). On SQLite every transaction takes the write lock when it begins
// (Open's _txlock=immediate), which serialises concurrent runs.
package db
