// Package migdir owns a migrations directory: its layout and everything
// written into it or read from it without compiling it.
//
//	migrations.go    the package: register and All (written by Init)
//	<id>_<slug>.go   one Go file per migration, registering it with its
//	                 parent's ID (IDs: NewID, CheckID; names: FileName, Slug)
//	schema.json      the schema the whole history builds (ReadSnapshot)
//	matardb.sum      the checksums of the migration files (Sum, ReadSum,
//	                 WriteSum, Compute, Verify, Checksums, ChecksumsFS)
//
// Scan reads the migration files' IDs and parent links from their source,
// and Order puts them in history order with the same rule the compiled
// history uses (package lineage). Add writes a new migration: the file
// (created, never replaced), the snapshot and the sum line, all or nothing.
// Init starts an empty history: the package file, an empty snapshot and an
// empty sum file.
//
// The autogenerator adds migrations through Add and verifies the directory
// with Verify; the hash command re-records the sum file (Order, Compute,
// WriteSum); the migrations package embeds its directory so that each
// migration carries its checksum (ChecksumsFS) into the bookkeeping table.
//
// The package needs no database and imports neither GORM nor gormigrate.
// Its functions keep no state and are safe for concurrent use, except that
// two writers (Add, WriteSum) must not work on one directory at once.
// Values are plain data, not safe for concurrent mutation.
package migdir
