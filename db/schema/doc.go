// Package schema is matardb's dialect-neutral description of a relational
// schema: tables, columns with their types, nullability and defaults, primary
// keys, indexes, foreign keys and check constraints.
//
// It is the common language of the project. The models are read into it
// (package db/gormschema, through GORM's own schema parser), a live database
// is read into it (package db/inspect), the history's schema is kept in it
// (the snapshot, see Snapshot and MarshalSnapshot), and the autogenerator
// diffs two of them.
//
// The package is a leaf: it imports nothing else of matardb and no GORM.
// Values are plain data and are not safe for concurrent mutation; Clone
// before sharing.
package schema
