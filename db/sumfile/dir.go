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
	ID   string // the ID the file registers
	Name string // the file's base name
}

// Scan finds the migration files of dir: the Go files (tests excluded) that
// contain a Migration composite literal with a literal ID, such as
// register(history.Migration{ID: "4640e9af0234", …}). They are returned in
// file name order. A file that registers two migrations, or two files that
// register the same ID, are errors.
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
		id, err := migrationID(path)
		if err != nil || id == "" {
			if err != nil {
				return nil, err
			}
			continue
		}
		if other, dup := byID[id]; dup {
			return nil, fmt.Errorf("migration %s is registered by both %s and %s; give one of them a new ID", id, other, name)
		}
		byID[id] = name
		files = append(files, File{ID: id, Name: name})
	}
	return files, nil
}

// migrationID returns the ID the file at path registers, or "" if none.
func migrationID(path string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return "", fmt.Errorf("read migration file: %w", err)
	}
	var ids []string
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.CompositeLit); ok && isMigrationType(lit.Type) {
			if id, ok := literalID(lit); ok {
				ids = append(ids, id)
			}
		}
		return true
	})
	if len(ids) > 1 {
		return "", fmt.Errorf("%s registers %d migrations (%s); keep one migration per file",
			filepath.Base(path), len(ids), strings.Join(ids, ", "))
	}
	if len(ids) == 0 {
		return "", nil
	}
	return ids[0], nil
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

func literalID(lit *ast.CompositeLit) (string, bool) {
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		val, isLit := kv.Value.(*ast.BasicLit)
		if ok && key.Name == "ID" && isLit && val.Kind == token.STRING {
			id, err := strconv.Unquote(val.Value)
			return id, err == nil && id != ""
		}
	}
	return "", false
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
	switch p.Kind {
	case Edited:
		return fmt.Sprintf("migration %s (%s) was edited after it was generated: "+
			"restore it, or if it is not applied anywhere yet and the edit is meant, record it again in %s",
			p.ID, p.File, FileName)
	case Unlisted:
		return fmt.Sprintf("migration %s (%s) is not listed in %s: write migrations with matardb revision, "+
			"or record this one in %s", p.ID, p.File, FileName, FileName)
	case Missing:
		return fmt.Sprintf("migration %s (%s) is listed in %s but its file is gone: restore the file, "+
			"or if the migration was never applied anywhere, remove its line by recording %s again",
			p.ID, p.File, FileName, FileName)
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
