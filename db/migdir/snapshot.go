package migdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/matar-app/matardb/db/schema"
)

// DefaultDir is the migrations directory of a project that names none.
const DefaultDir = "migrations"

// SnapshotFile is the name of the schema snapshot in a migrations directory.
const SnapshotFile = "schema.json"

// ReadSnapshot reads dir's schema snapshot. A missing file is an empty
// snapshot (no history yet), not an error; a corrupt one is an error that
// names the file and says how to restore it.
func ReadSnapshot(dir string) (*schema.Snapshot, error) {
	path := filepath.Join(dir, SnapshotFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &schema.Snapshot{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read schema snapshot: %w", err)
	}
	s, err := schema.UnmarshalSnapshot(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; restore the committed file (git checkout -- %s), "+
			"or after a merge conflict take one branch's copy and autogenerate the migration again", path, err, path)
	}
	return s, nil
}

// WriteSnapshot replaces dir's schema snapshot with s, atomically, and
// returns the file's path.
func WriteSnapshot(dir string, s *schema.Snapshot) (string, error) {
	data, err := schema.MarshalSnapshot(s)
	if err != nil {
		return "", fmt.Errorf("encode schema snapshot: %w", err)
	}
	path := filepath.Join(dir, SnapshotFile)
	f, err := stage(path, data)
	if err != nil {
		return "", err
	}
	defer f.discard()
	return path, f.commit()
}
