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
// Indexes are read whole: access method, partial-index predicate, key parts
// over expressions, descending order, collations and operator classes
// (schema.IndexPart), and whether an index belongs to a UNIQUE constraint
// (schema.Index.Constraint). A serial or identity column on PostgreSQL and
// an AUTOINCREMENT column on SQLite is schema.Column.AutoIncrement, without
// the sequence's nextval default. A type matardb has no kind for is kept
// verbatim as the catalog spells it (schema.ParseCatalogType).
//
// Some things a database can hold are still left out rather than
// misdescribed: exclusion constraints, the defaults of generated columns,
// an index's NULLS FIRST/LAST order and INCLUDE columns, whether an
// identity is ALWAYS or BY DEFAULT, a sequence's options, and a check's
// NOT VALID state.
package inspect
