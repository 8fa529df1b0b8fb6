package sumfile

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// File is a migration's Go file in a migrations directory.
type File struct {
	ID     string // the ID the file registers
	Name   string // the file's base name
	Parent string // the ID of the migration it follows; "" for the first
}

// Scan finds the migration files of dir: the Go files (tests excluded) that
// contain a Migration composite literal with a literal ID, such as
// register(history.Migration{ID: "4640e9af0234", Parent: "29edbf20051e", …}).
// They are returned in file name order. A file that registers two
// migrations, two files that register the same ID, and a Parent that is not
// a string literal are errors.
func Scan(dir string) ([]File, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, fmt.Errorf("list migration files in %s: %w", dir, err)
	}
	var files []File
	byID := map[string]string{}
	for _, path := range names {
		name := filepath.Base(path)
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := migrationFile(path)
		if err != nil {
			return nil, err
		}
		if f.ID == "" {
			continue
		}
		if other, dup := byID[f.ID]; dup {
			return nil, fmt.Errorf("migration %s is registered by both %s and %s; give one of them a new ID", f.ID, other, name)
		}
		byID[f.ID] = name
		files = append(files, f)
	}
	return files, nil
}

// migrationFile reads the ID and Parent the file at path registers; the ID
// is "" when it registers none.
func migrationFile(path string) (File, error) {
	name := filepath.Base(path)
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return File{}, fmt.Errorf("read migration file: %w", err)
	}
	var found []File
	var bad error
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || !isMigrationType(lit.Type) {
			return true
		}
		if id, ok := literalField(lit, "ID"); ok && id != "" {
			parent, ok := literalField(lit, "Parent")
			if !ok {
				bad = fmt.Errorf("%s: the Parent of migration %s is not a string literal; write the parent's ID in quotes", name, id)
			}
			found = append(found, File{ID: id, Name: name, Parent: parent})
		}
		return true
	})
	switch {
	case len(found) > 1:
		ids := make([]string, len(found))
		for i, m := range found {
			ids[i] = m.ID
		}
		return File{}, fmt.Errorf("%s registers %d migrations (%s); keep one migration per file",
			name, len(found), strings.Join(ids, ", "))
	case bad != nil:
		return File{}, bad
	case len(found) == 0:
		return File{}, nil
	}
	return found[0], nil
}

func isMigrationType(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.SelectorExpr:
		return t.Sel.Name == "Migration"
	case *ast.Ident:
		return t.Name == "Migration"
	}
	return false
}

// literalField returns the value of lit's key field when it is a string
// literal; "" and true when lit has no such field; false when its value is
// not a string literal.
func literalField(lit *ast.CompositeLit, key string) (string, bool) {
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if k, ok := kv.Key.(*ast.Ident); !ok || k.Name != key {
			continue
		}
		val, isLit := kv.Value.(*ast.BasicLit)
		if !isLit || val.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(val.Value)
		return s, err == nil
	}
	return "", true
}

// Read reads dir's sum file. A missing file is an error wrapping
// fs.ErrNotExist; a corrupt one wraps ErrCorrupt.
func Read(dir string) (*Sum, error) {
	path := filepath.Join(dir, FileName)
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
		i := slices.IndexFunc(files, func(f File) bool { return f.ID == id })
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

// String says what is wrong and what to do, in one sentence.
func (p Problem) String() string {
	const applied = "an applied migration must not be edited — write a new one"
	switch p.Kind {
	case Edited:
		return fmt.Sprintf("migration %s (%s) was edited after it was recorded in %s: restore it, or, "+
			"if you edited it on purpose before it was applied anywhere, run `matardb hash`; %s",
			p.ID, p.File, FileName, applied)
	case Unlisted:
		return fmt.Sprintf("migration %s (%s) is not listed in %s: write migrations with `matardb revision`, or, "+
			"if you wrote this one by hand and it has not been applied anywhere, review it and run `matardb hash`",
			p.ID, p.File, FileName)
	case Missing:
		return fmt.Sprintf("migration %s (%s) is listed in %s but its file is gone: restore the file, or, "+
			"if the migration was never applied anywhere, run `matardb hash` to remove its line",
			p.ID, p.File, FileName)
	}
	return fmt.Sprintf("migration %s (%s): unknown problem %d", p.ID, p.File, p.Kind)
}

// Verify compares dir's migration files with its sum file. A missing sum
// file is read as an empty one, so every migration file is Unlisted. The
// error is for a corrupt sum file or an unreadable directory.
func Verify(dir string) ([]Problem, error) {
	s, err := Read(dir)
	if errors.Is(err, fs.ErrNotExist) {
		s, err = &Sum{}, nil
	}
	if err != nil {
		return nil, err
	}
	files, err := Scan(dir)
	if err != nil {
		return nil, err
	}
	var problems []Problem
	for _, e := range s.Entries {
		p, err := verifyEntry(dir, e)
		if err != nil {
			return nil, err
		}
		if p != nil {
			problems = append(problems, *p)
		}
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

// Write replaces dir's sum file with s, through a temporary file and a
// rename so that a failure leaves the old file whole.
func Write(dir string, s *Sum) error {
	tmp, err := os.CreateTemp(dir, "."+FileName+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", FileName, err)
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
		err = os.Rename(tmp.Name(), filepath.Join(dir, FileName))
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", FileName, err)
	}
	return nil
}
