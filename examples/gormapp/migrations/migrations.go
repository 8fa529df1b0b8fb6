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

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/registry"
)

// files is the directory as compiled: the migration sources, so that each
// migration's checksum is that of the source it runs, and matardb.sum. The
// pattern matches every file so that the package builds before the sum
// file or any migration exists.
//
//go:embed *
var files embed.FS

var reg = registry.New(files, "gormappdb")

// register adds m to the history. It is called from each migration file's init.
func register(m history.Migration) { reg.Register(m) }

// All returns the history, ordered by parent links. It fails when the
// registered migrations do not form one chain (a fork, a duplicate ID, a
// missing parent) or when matardb.sum is corrupt; the error says which
// migrations and how to fix it. Each migration carries the checksum of its
// source as built into the program, else the one matardb.sum records. The
// history is built once; All is safe for concurrent use. An empty history
// is valid.
func All() (*history.History, error) { return reg.History() }
