// Package registry is what a migrations package is built on: the
// migration files register themselves from init into a Registry, and the
// package's All returns the Registry's History, in which each migration
// carries the checksum of its source as built into the program, else the
// one matardb.sum records.
//
// A migrations package embeds its own directory with a pattern that always
// matches, so that it builds before any migration or sum file exists:
//
//	//go:embed *
//	var files embed.FS
//
//	var reg = registry.New(files, "appdb")
//
//	func register(m history.Migration) { reg.Register(m) }
//
//	func All() (*history.History, error) { return reg.History() }
//
// `init` writes exactly that (package migdir, Init).
package registry

import (
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
)

// Registry collects the migrations of one migrations package.
type Registry struct {
	files fs.FS
	prog  string
	ms    []history.Migration
	built func() (*history.History, error)
}

// New returns a Registry over files, the migrations package's embedded
// directory (its migration sources and matardb.sum). prog is the command
// line's name, which the error for a corrupt sum file tells the user to run.
func New(files fs.FS, prog string) *Registry {
	r := &Registry{files: files, prog: prog}
	r.built = sync.OnceValues(r.build)
	return r
}

// Register adds m to the history. The migration files call it from init,
// before anything asks for the History; a migration registered afterwards
// is not in it.
func (r *Registry) Register(m history.Migration) { r.ms = append(r.ms, m) }

// History returns the history, ordered by parent links. It fails when the
// registered migrations do not form one chain (a fork, a duplicate ID, a
// missing parent) or when matardb.sum is corrupt (a missing one is empty);
// the error says which migrations and how to fix it. Each migration carries
// the checksum of its source as built into the program, else the one
// matardb.sum records; a migration with neither has none. The history is
// built once; History is safe for concurrent use. An empty history is
// valid.
func (r *Registry) History() (*history.History, error) { return r.built() }

func (r *Registry) build() (*history.History, error) {
	checksums, err := migdir.ChecksumsFS(r.files)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w (`%s hash`)", err, r.prog)
	}
	ms := slices.Clone(r.ms)
	for i := range ms {
		ms[i].Checksum = checksums[ms[i].ID]
		if c := migdir.SourceChecksum(r.files, ms[i].ID); c != "" {
			ms[i].Checksum = c
		}
	}
	return history.New(ms...)
}

// Registered returns the migrations registered so far, as they are:
// unordered, without checksums. Joining two heads (package merge) starts
// from them when History fails with a fork.
func (r *Registry) Registered() []history.Migration { return slices.Clone(r.ms) }
