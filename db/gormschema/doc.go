// Package gormschema reads GORM models into matardb's dialect-neutral
// schema (package schema), through GORM's own parser
// (gorm.io/gorm/schema.Parse) and the naming strategy it is given, so that
// a model means to the autogenerator what it means to GORM.
//
// Read is the one entry point: it returns the models' schema and the
// renames they declare (TableRenamer, the `matardb:"renamed_from=…"` field
// tag) from one parse. AlembicNamer (Namer) is matardb's naming strategy:
// GORM's names for tables and columns, PostgreSQL's and Alembic's for
// constraints and indexes.
//
// The package needs no database and imports no driver. Read is safe for
// concurrent use.
package gormschema
