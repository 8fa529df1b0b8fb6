// Package migrator runs a history of migrations against a database: it
// applies them up to a target, rolls them back, stamps the bookkeeping
// table and reports where the database stands. It is generic: the history
// is an argument (history.History), and the package knows nothing of the
// application whose schema it migrates.
//
// New checks the connection's dialect (PostgreSQL or SQLite), the history
// and the options once; the Migrator's methods (Up, UpTo, Down, Stamp,
// Status, Current) take a context and, when they move the database, a
// target.
//
// The bookkeeping table is gormigrate's "migrations" table (its id column
// unchanged, so plain gormigrate reads it) with matardb's columns added: the
// message, when each migration was applied, how long it took, in what order,
// the checksum of its source and its status. Migrations are gormigrate's
// function types, and applying and rolling back go through the same
// transaction handling and bookkeeping.
//
// On PostgreSQL a run that has work to do holds a transaction-scoped
// advisory lock (key AdvisoryLockKey) in a transaction of its own on a
// second connection (see xactlock.go), and sets its timeouts with SET LOCAL
// in each migration's transaction, so that nothing of a run is session
// state a transaction-mode pooler could leave on a server connection. A
// killed process ends its transactions at once (each migration's backend
// checks every second that the process is there,
// client_connection_check_interval), so its migration rolls back and the
// lock is free within a second; a database that is up to date costs one
// query and takes no lock. Each migration runs in a transaction of its own,
// committed with its bookkeeping statement and COMMIT AND CHAIN in one
// message, which also opens the next migration's transaction (PostgreSQL 12
// or later). Right before COMMIT AND CHAIN the message checks that the
// run's lock transaction still holds the lock (see lockGuard), so a
// migration never commits once its run's lock is gone, not even one whose
// message the server goes on running after its process was killed. On
// SQLite every transaction takes the write lock when it begins
// (connect.Open's _txlock=immediate), which serialises concurrent runs.
//
// Connections: on PostgreSQL the process that applies migrations uses two
// (the lock transaction's and the migrations'), every other process one: a
// process that waited for the lock reads the bookkeeping table on the lock
// transaction's connection and stops there when the work is done. N
// processes migrating at once hold at most N + 1 connections (64 replicas,
// 65); a pool capped at one connection is refused.
//
// A run that loses its lock (the lock transaction ended: its backend was
// terminated, its connection dropped) stops within the 2-second heartbeat:
// its context is cancelled, its migration rolled back, and it returns
// ErrLockLost; a migration whose commit the server reaches before then
// rolls back instead, and the run returns ErrLockLost naming it. Every wait is bounded and named: the up-to-date read and the
// reads under the lock by the lock wait (ErrReadTimeout), the lock by the
// lock wait (ErrLockTimeout), the heartbeat by the lock's 10-second lease
// (ErrLockLost), a migration's table locks by its lock_timeout, SQLite's
// write lock by its busy timeout.
package migrator
