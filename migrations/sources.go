package migrations

import (
	"embed"
	"io/fs"

	"github.com/matar-app/matardb/db/migdir"
)

// sources are the migration files themselves (named ID_slug.go, the ID
// twelve hex digits), built into the program so that each migration's
// checksum is that of the source it runs, not only what matardb.sum
// recorded: a migration edited after it was applied then differs from its
// bookkeeping row, and db.Migrate warns naming it, even when nobody ran
// `matardb check` or `matardb hash`.
//
//go:embed [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]_*.go
var sources embed.FS

// sourceChecksum returns the checksum, as matardb.sum spells it, of the one
// file of fsys named ID_*.go, "" when there is not exactly one.
func sourceChecksum(fsys fs.FS, id string) string {
	names, err := fs.Glob(fsys, id+"_*.go")
	if err != nil || len(names) != 1 {
		return ""
	}
	data, err := fs.ReadFile(fsys, names[0])
	if err != nil {
		return ""
	}
	return migdir.Hash(data)
}
