// Package gormfixtures holds one small model set per GORM idiom matardb
// must understand (gorm.Model, auto-increment keys, many2many join tables,
// foreign key actions, index options, column types outside matardb's kinds,
// defaults, checks, comments, embedded structs, serializers, naming
// strategies, foreign keys disabled), each with the schema GORM's own
// AutoMigrate builds from it on PostgreSQL and SQLite.
//
// The expected schemas were found by running AutoMigrate on fresh databases
// and reading the catalog back (package internal/oracle; the tests of this
// package keep them true). They are the specification the parse of the
// models (model → schema) must meet. docs/gorm-mapping.md explains them.
//
// The values are built afresh by each call and are safe for concurrent use.
package gormfixtures
