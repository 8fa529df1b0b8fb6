// Package lint checks migrations for statements that are correct but
// dangerous on a busy PostgreSQL table: locks that block writes for the
// length of a build or a scan, table rewrites, and changes that break the
// replicas still running the previous release.
//
// The package is pure: its input is what a migration sends to PostgreSQL
// (each statement's SQL and whether it runs inside the migration's
// transaction, as matardb's offline rendering for upgrade --sql records
// them), its output a list of findings: Check(migrations, options). It opens no database and imports
// neither GORM nor a driver.
//
// # Reading SQL
//
// A small tokenizer and recogniser read the statements package op renders
// (CREATE TABLE, CREATE/DROP INDEX, ALTER TABLE with its actions, COMMENT,
// UPDATE) and common hand-written DDL (CONCURRENTLY, NOT VALID, VALIDATE
// CONSTRAINT, USING INDEX, SET lock_timeout…). A statement it cannot read is
// reported as not inspected (MDB100), never taken for safe. Tables are told
// apart by name alone, without their schema.
//
// A table created earlier in the same migration (or, with
// Options.Together, in an earlier judged migration), or listed in
// Options.NewTables, is new: it has no rows, so the plain forms are fine on
// it. Every other table is taken to exist, with rows and traffic. Column
// types, indexes and check constraints are learnt from the statements of
// all the migrations given, in order, so a type change is judged against
// the type the history gave the column.
//
// # Rules
//
//	MDB100 not-inspected                   a statement the linter cannot read
//	MDB101 index-without-concurrently      CREATE/DROP INDEX on an existing table without CONCURRENTLY
//	MDB102 concurrently-in-transaction     CONCURRENTLY inside the migration's transaction
//	MDB103 constraint-without-not-valid    FOREIGN KEY or CHECK added without NOT VALID, or validated in the same transaction
//	MDB104 set-not-null-scan               SET NOT NULL with no validated CHECK (col IS NOT NULL) before it
//	MDB105 not-null-column-without-default a NOT NULL column without a default added to an existing table
//	MDB106 volatile-default                a column added with a volatile default, serial, identity or stored generated
//	MDB107 type-change-rewrite             a type change that is not binary-coercible
//	MDB108 unique-without-index            UNIQUE or PRIMARY KEY added without USING INDEX
//	MDB109 drop                            a table or column dropped
//	MDB110 rename                          a table or column renamed
//	MDB111 no-lock-timeout                 a migration that waits for locks with no lock_timeout in force
//	MDB112 backfill-under-lock             an UPDATE in the transaction that altered the same table
//	MDB113 unused-acknowledgement          an acknowledgement that no finding of its rule matches (a warning)
//
// Each Rule carries its reason and its safe alternative; a Finding repeats
// them, naming the table and column. The linter assumes PostgreSQL 12 or
// later: a non-volatile default (a constant, now(), CURRENT_TIMESTAMP) is
// stored in the catalog without rewriting the table (PostgreSQL 11+), and
// SET NOT NULL skips its scan when a validated CHECK (col IS NOT NULL)
// exists (12+). A function the linter does not know to be stable, in a
// default, is reported as volatile.
//
// Only what a migration does going up is linted; rollbacks undo a deploy
// and are judged by whoever runs them.
//
// # Acknowledgements
//
// A migration accepts a rule with a directive comment in its Go source,
// which must give a reason:
//
//	op.CreateIndex("post", op.Index("ix_post_language", "language")), //matardb:lint-ok MDB101 post has 40 rows
//
// ParseAcks reads them from the file; the caller puts them in
// Migration.Acks. An acknowledgement covers every finding of its rule in
// that migration. One without a reason, or naming no known rule, is an
// error: the run fails. One that no finding of its rule in its migration
// matches is reported as MDB113, naming its line: it excuses nothing now,
// and left after the code it excused changed it would hide the next real
// finding of that rule, so remove it.
//
// # Exit status
//
// A lint command exits with ExitCode: 1 when a finding is not
// acknowledged, 0 when there is none or every one is acknowledged
// (acknowledged findings are still printed, with their reason). MDB113
// is a warning (Finding.Severity): printed, it never fails the run. WriteText
// prints findings for the command line.
package lint
