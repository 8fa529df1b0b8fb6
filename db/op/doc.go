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
// Some operations are the lock-safe forms of others, for tables that hold
// rows and traffic on PostgreSQL: CreateIndexConcurrently,
// DropIndexConcurrently, AddForeignKeyNotValid, AddCheckNotValid,
// ValidateConstraint, AddUniqueUsingIndex and FillInBatches. On SQLite they
// render as the plain forms. Those that must not run in the migration's
// transaction (RunsOutsideTransaction) belong to a NoTransaction migration,
// whose Apply runs each of them on its own and the other operations
// between them in transactions of their own.
//
// Every identifier is quoted in the SQL it renders ("user" is a reserved word
// in PostgreSQL). Operations are immutable values, safe for concurrent use.
package op
