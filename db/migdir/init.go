package migdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/matar-app/matardb/db/schema"
)

// PackageFile is the name of the file Init writes for the migrations
// package itself: the register function the migration files call and All,
// which loads the history.
const PackageFile = "migrations.go"

// Init starts an empty history in dir, creating dir if needed: the
// package file (PackageFile), an empty snapshot and an empty sum file. prog
// is the command line's name, which the package's errors tell the user to
// run. Init never replaces a file: it fails, writing nothing, when any of
// the three exists. It returns the paths written, in that order.
func Init(dir, prog string) ([]string, error) {
	snap, err := schema.MarshalSnapshot(&schema.Snapshot{})
	if err != nil {
		return nil, err
	}
	files := []struct {
		name string
		data []byte
	}{
		{PackageFile, []byte(strings.ReplaceAll(packageSource, "PROG", prog))},
		{SnapshotFile, snap},
		{SumFile, (&Sum{}).Marshal()},
	}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s already exists: %s holds a history already, and init never replaces a file", path, dir)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create the migrations directory: %w", err)
	}
	var written []string
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := createNew(path, f.data); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// packageSource is the package file Init writes; PROG stands for the
// command line's name.
const packageSource = `// Package migrations is the application's schema history: one Go file per
// migration, each registering itself from init with its parent's ID, plus
// schema.json, the schema the whole history produces, and matardb.sum, the
// checksums of the migration sources. PROG revision writes all three; edit
// a migration only before it is applied anywhere, then run PROG hash.
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

var reg = registry.New(files, "PROG")

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
`
