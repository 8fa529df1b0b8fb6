package e2e

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// moduleRoot is the module's root directory, seen from this package.
const moduleRoot = "../.."

// copiedDirs are the directories of the module a scratch copy needs: what
// the command line and the migrations compile from. The models are the
// test's own, from testdata.
var copiedDirs = []string{"db", "migrations", "cli", "cmd/matardb"}

// scratch is a copy of the module in a temporary directory, in which a
// test changes the models, generates migrations and builds commands.
type scratch struct {
	dir    string
	goTool string
}

// newScratch copies go.mod, go.sum and copiedDirs (without tests and
// testdata) into a temporary directory.
func newScratch(t *testing.T) *scratch {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the go command is needed to build the scratch module: %v", err)
		}
		t.Skipf("skipping: the go command is needed to build the scratch module: %v", err)
	}
	s := &scratch{dir: t.TempDir(), goTool: goTool}
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := copyFile(filepath.Join(moduleRoot, f), filepath.Join(s.dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range copiedDirs {
		if err := copyTree(filepath.Join(moduleRoot, d), filepath.Join(s.dir, d)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// copyTree copies the files under src to dst, leaving out tests and
// testdata directories.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && d.Name() == "testdata":
			return filepath.SkipDir
		case !d.Type().IsRegular() || strings.HasSuffix(d.Name(), "_test.go"):
			return nil
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		return copyFile(path, filepath.Join(dst, rel))
	})
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

// realModels copies the repository's models into the scratch module.
func (s *scratch) realModels(t *testing.T) {
	t.Helper()
	if err := copyTree(filepath.Join(moduleRoot, "models"), filepath.Join(s.dir, "models")); err != nil {
		t.Fatal(err)
	}
}

// put copies testdata/fixture to path in the scratch module.
func (s *scratch) put(t *testing.T, fixture, path string) {
	t.Helper()
	if err := copyFile(filepath.Join("testdata", fixture), filepath.Join(s.dir, path)); err != nil {
		t.Fatal(err)
	}
}

// build compiles every package of the scratch module, which proves the
// generated migrations compile, and puts its commands in bin.
func (s *scratch) build(t *testing.T) {
	t.Helper()
	s.mustRun(t, s.goTool, "build", "-o", s.bin("")+string(filepath.Separator), "./...")
}

func (s *scratch) bin(name string) string { return filepath.Join(s.dir, "bin", name) }

// matardb runs the scratch module's command line, built by build, and
// returns its standard output; it fails t unless the command exits with
// status 0.
func (s *scratch) matardb(t *testing.T, args ...string) string {
	t.Helper()
	return s.mustRun(t, s.bin("matardb"), args...)
}

// mustRun runs a command in the scratch module, outside any Go workspace,
// and returns its standard output, failing t unless it exits with status 0.
func (s *scratch) mustRun(t *testing.T, name string, args ...string) string {
	t.Helper()
	return s.runIn(t, s.dir, nil, name, args...)
}

// runIn is mustRun in dir, a directory of the scratch module, with env
// added to the environment.
func (s *scratch) runIn(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(name), strings.Join(args, " "), err, &stdout, &stderr)
	}
	return stdout.String()
}
