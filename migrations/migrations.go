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
	"embed"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/registry"
)

// files is the directory as compiled: the migration sources, so that each
// migration's checksum is that of the source it runs, not only what
// matardb.sum recorded (a migration edited after it was applied then
// differs from its bookkeeping row, and db.Migrate warns naming it, even
// when nobody ran `matardb check` or `matardb hash`), and matardb.sum. The
// pattern matches every file so that the package builds before the sum
// file or any migration exists.
//
//go:embed *
var files embed.FS

var reg = registry.New(files, "matardb")

// register adds m to the history. It is called from each migration file's init.
func register(m history.Migration) { reg.Register(m) }

// All returns the history, ordered by parent links. It fails when the
// registered migrations do not form one chain (a fork, a duplicate ID, a
// missing parent) or when matardb.sum is corrupt; the error says which
// migrations and how to fix it. Each migration carries the checksum of its
// source as built into the program, else the one matardb.sum records (see
// registry.Registry.History). The history is built once; All is safe for
// concurrent use.
func All() (*history.History, error) { return reg.History() }
