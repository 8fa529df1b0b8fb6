package autogen

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// renameFile is os.Rename; tests replace it to make a late write fail.
var renameFile = os.Rename

// writeFiles writes a new migration file (never replacing one) and
// replaces the snapshot and the sum file. The replacements are written to
// temporary files first; if anything fails, the migration file is removed
// and the snapshot restored, so that nothing is left half done.
func writeFiles(res *RevisionResult, src, snapshot, sum []byte) error {
	snap, err := stage(res.SnapshotPath, snapshot)
	if err != nil {
		return err
	}
	defer snap.discard()
	sumFile, err := stage(res.SumPath, sum)
	if err != nil {
		return err
	}
	defer sumFile.discard()
	if err := createNew(res.Path, src); err != nil {
		return err
	}
	if err := snap.commit(); err != nil {
		return errors.Join(err, os.Remove(res.Path))
	}
	if err := sumFile.commit(); err != nil {
		return errors.Join(err, snap.undo(), os.Remove(res.Path))
	}
	return nil
}

// createNew writes data to a file that must not exist yet.
func createNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; matardb never overwrites a migration file", path)
	}
	if err != nil {
		return fmt.Errorf("create migration file: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errors.Join(fmt.Errorf("write %s: %w", path, err), os.Remove(path))
	}
	return nil
}

// staged is new content for a file, waiting in a temporary file beside it.
type staged struct {
	path, tmp string
	old       []byte // the file's content before, nil if it did not exist
}

func stage(path string, data []byte) (*staged, error) {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	tmp, err := writeTemp(path, data)
	if err != nil {
		return nil, err
	}
	return &staged{path: path, tmp: tmp, old: old}, nil
}

// writeTemp writes data to a new temporary file beside path and returns its name.
func writeTemp(path string, data []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return f.Name(), nil
}

// commit moves the new content into place.
func (s *staged) commit() error {
	if err := renameFile(s.tmp, s.path); err != nil {
		return fmt.Errorf("replace %s: %w", s.path, err)
	}
	return nil
}

// undo puts back the content the file had before commit.
func (s *staged) undo() error {
	if s.old == nil {
		return os.Remove(s.path)
	}
	tmp, err := writeTemp(s.path, s.old)
	if err == nil {
		err = renameFile(tmp, s.path)
	}
	if err != nil {
		return fmt.Errorf("restore %s: %w", s.path, err)
	}
	return nil
}

// discard removes the temporary file if it is still there.
func (s *staged) discard() { os.Remove(s.tmp) }
