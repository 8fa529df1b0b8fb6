package migdir

import (
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// SetParent rewrites the migration file of id in dir so that it follows
// parent: its Parent field's string literal is replaced (or the field
// added after ID), and the file is gofmt'd. It returns the file's path. The
// sum file is not touched: its entry for the file no longer matches until
// the sums are recorded again.
func SetParent(dir, id, parent string) (string, error) {
	paths, err := SetParents(dir, []Relink{{ID: id, Parent: parent}})
	if err != nil {
		return "", err
	}
	return paths[0], nil
}

// Relink is one migration to give a new parent.
type Relink struct {
	ID, Parent string
}

// SetParents is SetParent for several migrations at once, all or none: every
// file is rewritten in memory and staged before any is replaced, and when
// replacing one fails those already replaced get their old content back. It
// returns the files' paths, in the order of links.
func SetParents(dir string, links []Relink) ([]string, error) {
	files, err := Scan(dir)
	if err != nil {
		return nil, err
	}
	var pending []*staged
	defer func() {
		for _, s := range pending {
			s.discard()
		}
	}()
	paths := make([]string, len(links))
	for n, l := range links {
		i := slices.IndexFunc(files, func(s Source) bool { return s.ID == l.ID })
		if i < 0 {
			return nil, fmt.Errorf("migration %s: no file in %s registers it", l.ID, dir)
		}
		path := filepath.Join(dir, files[i].Name)
		if slices.Contains(paths[:n], path) {
			return nil, fmt.Errorf("migration %s is given a new parent twice", l.ID)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		out, err := withParent(path, src, l.Parent)
		if err != nil {
			return nil, err
		}
		s, err := stage(path, out)
		if err != nil {
			return nil, err
		}
		pending = append(pending, s)
		paths[n] = path
	}
	for i, s := range pending {
		if err := s.commit(); err != nil {
			for _, done := range pending[:i] {
				if uerr := done.undo(); uerr != nil {
					err = errors.Join(err, uerr)
				}
			}
			return nil, err
		}
	}
	return paths, nil
}

// withParent returns src with its migration literal's Parent set.
func withParent(path string, src []byte, parent string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("read migration file: %w", err)
	}
	var start, end int
	var insert string
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || !isMigrationType(lit.Type) {
			return true
		}
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch k, _ := kv.Key.(*ast.Ident); {
			case k != nil && k.Name == "Parent":
				start, end, insert = fset.Position(kv.Value.Pos()).Offset, fset.Position(kv.Value.End()).Offset, ""
				return false
			case k != nil && k.Name == "ID" && start == 0:
				start = fset.Position(kv.End()).Offset + 1 // after the comma
				end, insert = start, "\nParent: "
			}
		}
		return false
	})
	if start == 0 {
		return nil, fmt.Errorf("%s: no migration literal with an ID", path)
	}
	repl := strconv.Quote(parent)
	if insert != "" {
		repl = insert + repl + ","
	}
	edited := slices.Concat(src[:start], []byte(repl), src[end:])
	out, err := format.Source(edited)
	if err != nil {
		return nil, fmt.Errorf("%s: the rewritten file does not parse: %w", path, err)
	}
	return out, nil
}
