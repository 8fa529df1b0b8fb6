// Package oracle runs GORM's own AutoMigrate as the reference for what a
// model set means on a real database, for tests.
//
// AutoMigrate builds a fresh database (package internal/testdb) of a
// dialect, runs AutoMigrate of a model set under a given gorm.Config and
// returns the schema read back by package db/inspect: the schema matardb's
// generated migrations must reproduce. DDL runs AutoMigrate on a database
// built some other way and returns the statements that would change it, so
// a test can require that AutoMigrate afterwards has nothing to do.
//
// The functions keep no state and are safe for concurrent use by parallel
// tests; each database belongs to the test that made it.
package oracle
