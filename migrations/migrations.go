// Package migrations is Matar's schema history: one Go file per migration,
// each registering itself from init with its parent's ID, plus schema.json,
// the schema the whole history produces (written by `matardb revision`), and
// matardb.sum, the checksums of the migration sources.
//
// The package never imports models: a migration must keep compiling and
// meaning the same after the models change, so it spells out every name and
// type it uses.
package migrations

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
)

//go:embed matardb.sum
var sum []byte

var registered []history.Migration

// register adds m to the history. It is called from each migration file's init.
func register(m history.Migration) { registered = append(registered, m) }

// All returns the history, ordered by parent links. It fails when the
// registered migrations do not form one chain (a fork, a duplicate ID, a
// missing parent) or when matardb.sum is corrupt; the error says which
// migrations and how to fix it. Each migration carries the checksum of its
// source as built into the program (see sources), else the one matardb.sum
// records; a migration with neither has none. The history is
// built once; All is safe for concurrent use.
func All() (*history.History, error) { return all() }

var all = sync.OnceValues(func() (*history.History, error) {
	checksums, err := migdir.Checksums(sum)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w (`matardb hash`)", err)
	}
	ms := slices.Clone(registered)
	for i := range ms {
		ms[i].Checksum = checksums[ms[i].ID]
		if c := sourceChecksum(sources, ms[i].ID); c != "" {
			ms[i].Checksum = c
		}
	}
	return history.New(ms...)
})
