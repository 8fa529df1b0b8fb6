// Package benchutil holds what matardb's benchmarks share: a TCP proxy that
// adds a network round-trip delay in front of PostgreSQL, connections that
// count the statements sent through them, a synthetic migration history of
// any length and synthetic GORM model sets of up to 1,001 tables.
//
// It is for benchmarks and tests only; nothing in the library imports it.
package benchutil
