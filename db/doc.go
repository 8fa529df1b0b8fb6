// Package db is Matar's database layer, what the backend imports at
// startup: Open connects to PostgreSQL or to the embedded SQLite default
// (DefaultURL), and Migrate applies the pending migrations of Matar's
// history (package migrations), which every replica may do at the same
// time. NewMigrator gives a program the rest (a target, rollback, stamp,
// status) over the same history; the command line, package cli, builds
// its own migrator from the history cmd/matardb hands it.
//
// The package is a thin façade over generic packages that know nothing of
// Matar. Imports at run time go one way, from the application down:
//
//	backend ─► db ─┬─► migrations ─┬─► db/registry ─► db/history
//	               │               └─► db/op
//	               ├─► db/migrator ─┬─► db/history
//	               │                └─► db/dialect, db/runlog, db/timeouts
//	               └─► db/connect ────► db/dialect
//
// db/migrator (the engine: lock, plan, apply and roll back, stamp, status,
// bookkeeping) and db/connect (URL parsing, redaction, opening) never
// import migrations or models; nor does package cli, the command line,
// which cmd/matardb builds from Matar's models and migrations.All. Neither
// db/migrator nor db/connect imports the toolchain (db/schema, db/op,
// db/autogen, db/inspect); the migrations reach db/op, and through it
// db/schema and db/inspect, to run their steps.
package db
