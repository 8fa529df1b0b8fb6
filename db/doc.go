// Package db is Matar's database layer, what the backend imports at
// startup: Open connects to PostgreSQL or to the embedded SQLite default
// (DefaultURL), and Migrate applies the pending migrations of Matar's
// history (package migrations), which every replica may do at the same
// time. NewMigrator gives the command line the rest (a target, rollback,
// stamp, status) over the same history.
//
// The package is a thin façade over generic packages that know nothing of
// Matar. Imports go one way, from the application down:
//
//	cmd/matardb ──► db ──► migrations ──► db/history
//	                │                        ▲
//	                ├──► db/migrator ────────┘   the engine: lock, plan, apply, roll back, bookkeeping
//	                └──► db/connect ──► db/dialect   URL parsing, redaction, opening
//
// db/migrator and db/connect never import migrations or models; the
// toolchain (db/schema, db/op, db/autogen, db/inspect) needs no database
// connection and is not imported by the engine.
package db
