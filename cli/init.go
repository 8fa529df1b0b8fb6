package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/matar-app/matardb/db/migdir"
)

var initCommand = dirCommand(&command{
	name:    "init",
	args:    "[--dir DIR]",
	summary: "start an empty migration history in DIR (no database needed)",
	about: "Writes the migrations package into DIR (created if needed): migrations.go, which registers\n" +
		"the migrations and loads the history (All), an empty schema.json and an empty matardb.sum.\n" +
		"It never replaces a file: a directory that holds any of them is refused. It then prints how\n" +
		"to give the history to the command line and write the first migration.",
}, initHistory)

// initHistory writes the skeleton of a history into dir and says what to
// do next.
func initHistory(_ context.Context, e *env, dir string) error {
	written, err := migdir.Init(dir, e.project.name())
	for _, p := range written {
		fmt.Fprintf(e.stdout, "wrote %s\n", p)
	}
	if err != nil {
		return err
	}
	prog := e.project.name()
	fmt.Fprintf(e.stdout, `
Next:
  1. Give the history to the command line, in cmd/%[1]s/main.go:
       import "%[2]s"
       cli.Main(cli.Project{Name: %[1]q, Models: …, History: migrations.All, …})
  2. Write the first migration from the models, then review it:
       go run ./cmd/%[1]s revision --autogenerate -m "initial schema"
  3. Apply it:
       go run ./cmd/%[1]s upgrade
`, prog, importPath(dir))
	return nil
}

// importPath returns the import path of the package in dir, from the
// module of the nearest go.mod above it, or a placeholder when there is none.
func importPath(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "YOUR/MODULE/" + filepath.ToSlash(dir)
	}
	for root := abs; ; root = filepath.Dir(root) {
		if mod := modulePath(filepath.Join(root, "go.mod")); mod != "" {
			rel, err := filepath.Rel(root, abs)
			if err != nil {
				break
			}
			return path.Join(mod, filepath.ToSlash(rel))
		}
		if filepath.Dir(root) == root {
			break
		}
	}
	return "YOUR/MODULE/" + filepath.ToSlash(dir)
}

// modulePath returns the module path a go.mod declares, "" when the file
// is missing or declares none.
func modulePath(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
