package migdir

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
)

// Source is a migration's Go file in a migrations directory.
type Source struct {
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
func Scan(dir string) ([]Source, error) {
	return scanExcept(dir, nil)
}

// scanExcept is Scan reading only the files whose names skip does not
// hold; byID starts with skip's files (name → the ID it registers), so
// that a skipped file's ID registered again is still an error.
func scanExcept(dir string, skip map[string]string) ([]Source, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, fmt.Errorf("list migration files in %s: %w", dir, err)
	}
	var files []Source
	byID := map[string]string{}
	for name, id := range skip {
		byID[id] = name
	}
	for _, path := range names {
		name := filepath.Base(path)
		if _, skipped := skip[name]; skipped || strings.HasSuffix(name, "_test.go") {
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
func migrationFile(path string) (Source, error) {
	name := filepath.Base(path)
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return Source{}, fmt.Errorf("read migration file: %w", err)
	}
	var found []Source
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
			found = append(found, Source{ID: id, Name: name, Parent: parent})
		}
		return true
	})
	switch {
	case len(found) > 1:
		ids := make([]string, len(found))
		for i, m := range found {
			ids[i] = m.ID
		}
		return Source{}, fmt.Errorf("%s registers %d migrations (%s); keep one migration per file",
			name, len(found), strings.Join(ids, ", "))
	case bad != nil:
		return Source{}, bad
	case len(found) == 0:
		return Source{}, nil
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
