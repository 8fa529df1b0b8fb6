package migdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// ReadSum reads dir's sum file. A missing file is an error wrapping
// fs.ErrNotExist; a corrupt one wraps ErrCorrupt.
func ReadSum(dir string) (*Sum, error) {
	path := filepath.Join(dir, SumFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read sum file: %w", err)
	}
	s, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Compute hashes the migration files of dir for the migrations ids, in
// that order (the history's order). It fails when one of them has no file.
// Files of dir whose ID is not in ids are left out.
func Compute(dir string, ids []string) (*Sum, error) {
	files, err := Scan(dir)
	if err != nil {
		return nil, err
	}
	s := &Sum{}
	for _, id := range ids {
		i := slices.IndexFunc(files, func(f Source) bool { return f.ID == id })
		if i < 0 {
			return nil, fmt.Errorf("migration %s: no file in %s registers it", id, dir)
		}
		data, err := os.ReadFile(filepath.Join(dir, files[i].Name))
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", id, err)
		}
		s.Entries = append(s.Entries, Entry{ID: id, File: files[i].Name, Hash: Hash(data)})
	}
	return s, nil
}

// ProblemKind says what is wrong with a migration file and its sum entry.
type ProblemKind int

// The problems Verify reports.
const (
	// Edited: the file's content no longer has the recorded checksum.
	Edited ProblemKind = iota + 1
	// Unlisted: a migration file the sum file does not list.
	Unlisted
	// Missing: a sum entry whose file is gone.
	Missing
)

// Problem is one disagreement between a migrations directory and its sum file.
type Problem struct {
	Kind ProblemKind
	ID   string
	File string
}

// String says what is wrong and what to do, in one sentence; see Describe.
func (p Problem) String() string { return p.Describe("record the sums again") }

// Describe says what is wrong and what to do, in one sentence; record is
// how the caller's tool records the sums again (Compute and WriteSum), such
// as a command to run.
func (p Problem) Describe(record string) string {
	const applied = "an applied migration must not be edited — write a new one"
	switch p.Kind {
	case Edited:
		return fmt.Sprintf("migration %s (%s) was edited after it was recorded in %s: restore it, or, "+
			"if you edited it on purpose before it was applied anywhere, %s; %s",
			p.ID, p.File, SumFile, record, applied)
	case Unlisted:
		return fmt.Sprintf("migration %s (%s) is not listed in %s: "+
			"if you wrote it by hand and it has not been applied anywhere, review it and %s",
			p.ID, p.File, SumFile, record)
	case Missing:
		return fmt.Sprintf("migration %s (%s) is listed in %s but its file is gone: restore the file, or, "+
			"if the migration was never applied anywhere, %s to remove its line",
			p.ID, p.File, SumFile, record)
	}
	return fmt.Sprintf("migration %s (%s): unknown problem %d", p.ID, p.File, p.Kind)
}

// Verify compares dir's migration files with its sum file. A missing sum
// file is read as an empty one, so every migration file is Unlisted. The
// error is for a corrupt sum file or an unreadable directory.
func Verify(dir string) ([]Problem, error) {
	s, err := ReadSum(dir)
	if errors.Is(err, fs.ErrNotExist) {
		s, err = &Sum{}, nil
	}
	if err != nil {
		return nil, err
	}
	// A file whose bytes are the ones summed registers its entry's ID:
	// only the others are parsed, to find migrations the sum lacks.
	var problems []Problem
	intact := map[string]string{}
	for _, e := range s.Entries {
		p, err := verifyEntry(dir, e)
		if err != nil {
			return nil, err
		}
		if p != nil {
			problems = append(problems, *p)
		} else {
			intact[e.File] = e.ID
		}
	}
	files, err := scanExcept(dir, intact)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if s.Entry(f.ID) == nil {
			problems = append(problems, Problem{Kind: Unlisted, ID: f.ID, File: f.Name})
		}
	}
	return problems, nil
}

func verifyEntry(dir string, e Entry) (*Problem, error) {
	data, err := os.ReadFile(filepath.Join(dir, e.File))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Problem{Kind: Missing, ID: e.ID, File: e.File}, nil
	case err != nil:
		return nil, fmt.Errorf("migration %s: %w", e.ID, err)
	case Hash(data) != e.Hash:
		return &Problem{Kind: Edited, ID: e.ID, File: e.File}, nil
	}
	return nil, nil
}

// WriteSum replaces dir's sum file with s, through a temporary file and a
// rename so that a failure leaves the old file whole.
func WriteSum(dir string, s *Sum) error {
	tmp, err := os.CreateTemp(dir, "."+SumFile+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", SumFile, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(s.Marshal())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, SumFile))
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", SumFile, err)
	}
	return nil
}
