package migdir

import (
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
	files, err := Scan(dir)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(files, func(s Source) bool { return s.ID == id })
	if i < 0 {
		return "", fmt.Errorf("migration %s: no file in %s registers it", id, dir)
	}
	path := filepath.Join(dir, files[i].Name)
	src, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	out, err := withParent(path, src, parent)
	if err != nil {
		return "", err
	}
	tmp, err := writeTemp(path, out)
	if err == nil {
		err = renameFile(tmp, path)
	}
	if err != nil {
		return "", fmt.Errorf("rewrite %s: %w", path, err)
	}
	return path, nil
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
