package migrations_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/migdir"
)

func TestAllIsTheChainFromTheInitialSchemaThroughTheAlembicRevisions(t *testing.T) {
	h := theHistory(t)
	want := []struct{ id, parent, message string }{
		{"29edbf20051e", "", "initial schema"},
		{"4640e9af0234", "29edbf20051e", "create organization table"},
		{"01ea0e75088a", "4640e9af0234", "Add an organization ID column to Organization Database Table."},
	}
	if h.Len() < len(want) {
		t.Fatalf("history has %d migrations %v, want at least %d", h.Len(), ids(h), len(want))
	}
	for i, w := range want {
		m := h.At(i)
		if m.ID != w.id || m.Parent != w.parent || m.Message != w.message {
			t.Errorf("migration %d = {%q, parent %q, %q}, want {%q, parent %q, %q}",
				i, m.ID, m.Parent, m.Message, w.id, w.parent, w.message)
		}
		if m.Rollback == nil {
			t.Errorf("migration %s has no rollback", m.ID)
		}
	}
	for i := len(want); i < h.Len(); i++ {
		if m := h.At(i); m.Parent != h.At(i-1).ID {
			t.Errorf("migration %s follows %q, want %q", m.ID, m.Parent, h.At(i-1).ID)
		}
	}
}

// A migration must keep compiling and meaning the same after the models
// change, so neither this package nor anything it imports from the module
// may import models. The imports are read from the source, following the
// module's own packages transitively.
func TestMigrationsNeverImportModels(t *testing.T) {
	root, module := moduleRoot(t)
	seen := map[string]bool{}
	var visit func(pkg string, path []string)
	visit = func(pkg string, path []string) {
		if seen[pkg] {
			return
		}
		seen[pkg] = true
		for _, imp := range packageImports(t, filepath.Join(root, strings.TrimPrefix(pkg, module))) {
			if imp == module+"/models" || strings.HasPrefix(imp, module+"/models/") {
				t.Errorf("%s imports %s", strings.Join(append(path, pkg), " -> "), imp)
			}
			if strings.HasPrefix(imp, module+"/") {
				visit(imp, append(path, pkg))
			}
		}
	}
	visit(module+"/migrations", nil)
	if !seen[module+"/db/op"] {
		t.Fatalf("the import walk never reached db/op (saw %v): the test is not reading the package", keys(seen))
	}
}

// moduleRoot finds go.mod above the package directory and returns its
// directory and module path.
func moduleRoot(t *testing.T) (dir, module string) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
					return dir, f[1]
				}
			}
			t.Fatalf("%s/go.mod names no module", dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package directory")
		}
		dir = parent
	}
}

// packageImports returns the imports of the non-test Go files in dir.
func packageImports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s (%v)", dir, err)
	}
	var out []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			out = append(out, p)
		}
	}
	return out
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// matardb.sum holds the checksum of every migration file as it is: a
// migration edited after it was committed is caught here, not first by
// matardb check on someone else's machine.
func TestSumFileMatchesTheMigrationSources(t *testing.T) {
	problems, err := migdir.Verify(".")
	if err != nil {
		t.Fatalf("verify matardb.sum: %v", err)
	}
	for _, p := range problems {
		t.Errorf("matardb.sum: %v", p)
	}
}
