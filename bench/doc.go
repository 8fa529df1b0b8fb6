// Package bench measures matardb against goose v3, the most used Go
// migration runner, in the same run: an up-to-date database at startup
// (warm pool and process start), and applying migrations through a network
// delay. It is a module of its own so that goose and the dependencies it
// brings never reach matardb's users; the code under test is the matardb
// of the enclosing directory. See BENCHMARKS.md at the repository root.
package bench
