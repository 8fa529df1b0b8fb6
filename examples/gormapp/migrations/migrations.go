// Package migrations is the application's schema history: one Go file per
// migration, each registering itself from init with its parent's ID, plus
// schema.json, the schema the whole history produces, and matardb.sum, the
// checksums of the migration sources. gormappdb revision writes all three; edit
// a migration only before it is applied anywhere, then run gormappdb hash.
//
// The package never imports the models: a migration must keep compiling and
// meaning the same after the models change, so it spells out every name and
// type it uses.
package migrations

import (
	"embed"
	"fmt"
	"slices"
	"sync"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
)

// files is the directory as compiled, for its matardb.sum. The pattern
// matches every file so that the package builds before the sum file exists
// (a missing one is an empty one).
//
//go:embed *
var files embed.FS

var registered []history.Migration

// register adds m to the history. It is called from each migration file's init.
func register(m history.Migration) { registered = append(registered, m) }

// All returns the history, ordered by parent links. It fails when the
// registered migrations do not form one chain (a fork, a duplicate ID, a
// missing parent) or when matardb.sum is corrupt; the error says which
// migrations and how to fix it. Each migration carries its checksum from
// matardb.sum; one the sum file does not list has none. The history is
// built once; All is safe for concurrent use. An empty history is valid.
func All() (*history.History, error) { return all() }

var all = sync.OnceValues(func() (*history.History, error) {
	checksums, err := migdir.ChecksumsFS(files)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w (`gormappdb hash`)", err)
	}
	ms := slices.Clone(registered)
	for i := range ms {
		ms[i].Checksum = checksums[ms[i].ID]
	}
	return history.New(ms...)
})
