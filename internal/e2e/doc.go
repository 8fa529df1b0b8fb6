// Package e2e holds end-to-end tests that work on a scratch copy of the
// whole module: they change its models, generate migrations with the real
// matardb command, compile the result and run it against PostgreSQL and
// SQLite. It has no code of its own; its fixtures live in testdata.
package e2e
