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
	"sync"

	"github.com/matar-app/matardb/db/history"
)

var registered []history.Migration

// register adds m to the history. It is called from each migration file's init.
func register(m history.Migration) { registered = append(registered, m) }

// All returns the history, ordered by parent links. It fails when the
// registered migrations do not form one chain (a fork, a duplicate ID, a
// missing parent); the error says which migrations and how to fix it.
var All = sync.OnceValues(func() (*history.History, error) {
	return history.New(registered...)
})
