// Package op holds migration operations: small values such as CreateTable,
// AddColumn or CreateIndex that a migration lists and Apply runs.
//
// Each operation knows three things, so that one value serves every use:
//   - its effect on a dialect-neutral schema (Mutate), which lets matardb
//     render SQL without a database and compute reverses;
//   - the SQL that performs it on PostgreSQL or SQLite (Statements, one
//     switch per dialect); on SQLite, changes ALTER TABLE cannot make
//     (RebuildsSQLiteTable) are done by rebuilding the table inside the
//     migration's transaction, as Alembic's batch mode does;
//   - its own Go source (GoString), which is how the autogenerator writes
//     migrations that read like hand-written ones.
//
// The vocabulary covers what GORM's AutoMigrate builds, declared as GORM
// declares it: auto-increment columns (a serial on PostgreSQL, INTEGER
// PRIMARY KEY AUTOINCREMENT on SQLite, turned on and off with
// AlterColumn.SetAutoIncrement), types kept verbatim (Raw) and timestamps
// with a precision, indexes with a method, a predicate and per-part
// expressions, collations, operator classes and order (IndexDef's Using,
// Where and Parts), and UNIQUE table constraints (UniqueConstraint). A
// SQLite rebuild brings every index and constraint of the table back.
//
// Every identifier is quoted in the SQL it renders ("user" is a reserved word
// in PostgreSQL). Operations are immutable values, safe for concurrent use.
package op
