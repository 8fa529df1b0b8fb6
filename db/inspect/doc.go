// Package inspect reads the schema of a live database into a schema.Schema,
// so that what a database holds can be compared field for field with what
// the models and the migration history describe.
//
// It understands PostgreSQL (the tables of the connection's current schema,
// normally "public") and SQLite (the main database). It reads the catalog in
// a fixed, small number of queries whatever the number of tables, so it is
// cheap enough to call at startup, and it works on a *gorm.DB that is a
// transaction, seeing that transaction's uncommitted changes. It keeps no
// state and is safe for concurrent use.
//
// Some things a database can hold have no place in schema.Schema and are left
// out rather than misdescribed: indexes over expressions and partial indexes
// (those with a WHERE predicate), exclusion constraints, and the defaults of
// generated columns. An index's access method and sort order, an identity
// column's sequence and a check's NOT VALID state are not recorded either.
// A column whose type matardb has no kind for (see schema.ParseType) is an
// error naming the table and column.
package inspect
