package migdir

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Drift compares the Go sources a program was built from, built (a
// package's embedded copy of its own *.go files), with those in dir on
// disk, and lists the differences, one line each: "FILE changed", "FILE
// added", "FILE removed", sorted by file. Test files are ignored. An empty
// list means the program was built from what is on disk; so does a dir
// that does not exist (the program runs away from its sources, where
// there is nothing to compare).
//
// A command line that reads models or migrations from its own build (the
// compiled history, the models' structs) and files from disk (schema.json,
// the sum file) calls it to refuse answering from stale code: go run
// rebuilds every time, an installed binary does not.
func Drift(built fs.FS, dir string) ([]string, error) {
	have, err := goSources(os.DirFS(dir), ".")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the sources in %s: %w", dir, err)
	}
	was, err := goSources(built, ".")
	if err != nil {
		return nil, fmt.Errorf("read the embedded sources: %w", err)
	}
	var out []string
	for name, data := range have {
		old, ok := was[name]
		switch {
		case !ok:
			out = append(out, filepath.Join(dir, name)+" added")
		case !bytes.Equal(old, data):
			out = append(out, filepath.Join(dir, name)+" changed")
		}
	}
	for name := range was {
		if _, ok := have[name]; !ok {
			out = append(out, filepath.Join(dir, name)+" removed")
		}
	}
	slices.Sort(out)
	return out, nil
}

// goSources reads the non-test .go files of fsys's directory dir.
func goSources(fsys fs.FS, dir string) (map[string][]byte, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out[name] = data
	}
	return out, nil
}
