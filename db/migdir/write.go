package migdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/matar-app/matardb/db/lineage"
	"github.com/matar-app/matardb/db/schema"
)

// renameFile is os.Rename; tests replace it to make a late write fail.
var renameFile = os.Rename

// NewMigration is a migration to add to a directory: its file's content
// (rendered and formatted in memory) and the snapshot of the schema after it.
type NewMigration struct {
	ID, Message string
	Source      []byte
	Snapshot    *schema.Snapshot // its Head is set to ID
}

// Written says where Add wrote.
type Written struct {
	Path         string // the migration file
	SnapshotPath string
	SumPath      string
}

// Add writes m into dir: the migration file FileName(m.ID, m.Message),
// never replacing one; the snapshot; and the sum file with a line for the
// new file added (other lines kept as they are, so that an edit to an older
// migration stays visible to Verify). It fails, writing nothing, when the
// ID is malformed or already used by known (the history's order), by a
// file of dir or by the sum file. The replacements are staged in temporary
// files; if anything fails, the migration file is removed and the snapshot
// restored, so that nothing is left half done. Two Adds must not run at
// once on one directory.
func Add(dir string, known lineage.Chain, m NewMigration) (*Written, error) {
	if err := checkNewID(dir, known, m.ID); err != nil {
		return nil, err
	}
	snap := *m.Snapshot
	snap.Head = m.ID
	snapData, err := schema.MarshalSnapshot(&snap)
	if err != nil {
		return nil, fmt.Errorf("migration %s: %w", m.ID, err)
	}
	name := FileName(m.ID, m.Message)
	sumData, err := addToSum(dir, m.ID, name, m.Source)
	if err != nil {
		return nil, err
	}
	w := &Written{Path: filepath.Join(dir, name), SnapshotPath: filepath.Join(dir, SnapshotFile), SumPath: filepath.Join(dir, SumFile)}
	if err := writeFiles(w, m.Source, snapData, sumData); err != nil {
		return nil, fmt.Errorf("migration %s: %w", m.ID, err)
	}
	return w, nil
}

// checkNewID rejects an ID that is malformed or already used, by the
// history or by a file in dir.
func checkNewID(dir string, known lineage.Chain, id string) error {
	if err := CheckID(id); err != nil {
		return err
	}
	if _, ok := known.Index(id); ok {
		return fmt.Errorf("migration ID %s is already in the history", id)
	}
	files, err := Scan(dir)
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.ID == id {
			return fmt.Errorf("migration ID %s is already used by %s", id, filepath.Join(dir, f.Name))
		}
	}
	return nil
}

// addToSum returns dir's sum file with a line for the new migration file added.
func addToSum(dir, id, name string, src []byte) ([]byte, error) {
	sum, err := ReadSum(dir)
	if errors.Is(err, fs.ErrNotExist) {
		sum, err = &Sum{}, nil
	}
	if err != nil {
		return nil, err
	}
	if sum.Entry(id) != nil {
		return nil, fmt.Errorf("migration ID %s is already listed in %s", id, filepath.Join(dir, SumFile))
	}
	sum.Entries = append(sum.Entries, Entry{ID: id, File: name, Hash: Hash(src)})
	return sum.Marshal(), nil
}

// writeFiles writes a new migration file (never replacing one) and
// replaces the snapshot and the sum file.
func writeFiles(res *Written, src, snapshot, sum []byte) error {
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

// createNew writes data to a file that must not exist yet (a migration
// file, or a file of a new history).
func createNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; matardb never overwrites it", path)
	}
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
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
