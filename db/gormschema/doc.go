// Package gormschema reads GORM models into matardb's schema (package
// schema) as GORM's AutoMigrate would build them, through GORM's own
// parser and the gorm.Config the application opens its database with, so
// that a model means to the autogenerator what it means to GORM.
//
// Read is the one entry point: it returns the models' schema for one
// dialect and the renames they declare (TableRenamer, the
// `matardb:"renamed_from=…"` field tag) from one parse. Names are GORM's:
// the configuration's NamingStrategy (DefaultNaming when it has none),
// and a name given in a tag (`index:ix_post_user_id`,
// `constraint:post_user_id_fkey,…`) or a TableName method.
//
// The package opens no database and imports no database driver: column
// types come from GORM's own dialector for the dialect, which the caller
// passes in Options.Dialector (connect.Dialector gives one, bound to no
// database) and which Read asks offline, never initializing or
// connecting it. Read is safe for concurrent use.
package gormschema
