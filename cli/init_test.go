package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tempModule makes an empty module example.com/app in a temporary
// directory and returns its root.
func tempModule(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/app\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestInitStartsAnEmptyHistoryThatHashAndCheckAccept(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(tempModule(t), "db", "migrations")
	p := Project{Name: "appdb"}
	code, out, errOut := runProject(t, p, "init", "--dir", dir)
	if code != exitOK {
		t.Fatalf("init exited %d: %s", code, errOut)
	}
	wantContains(t, "init", out, "wrote "+filepath.Join(dir, "migrations.go"), "wrote "+filepath.Join(dir, "schema.json"),
		"wrote "+filepath.Join(dir, "matardb.sum"), `import "example.com/app/db/migrations"`,
		"History: migrations.All", `go run ./cmd/appdb revision --autogenerate -m "initial schema"`)
	code, out, errOut = runProject(t, p, "hash", "--dir", dir)
	if code != exitOK || !strings.Contains(out, "is up to date") {
		t.Errorf("hash of an empty history: exit %d\n%s%s", code, out, errOut)
	}
	p.Models = []any{&initGadget{}}
	code, _, errOut = runProject(t, p, "check", "--dir", dir)
	if code != exitFail || !strings.Contains(errOut, `create table "init_gadget`) || strings.Contains(errOut, "sum") {
		t.Errorf("check of an empty history against a model: exit %d, stderr %q; want 1 and the table to create", code, errOut)
	}
	code, out, errOut = runProject(t, p, "revision", "--autogenerate", "-m", "initial schema", "--dir", dir)
	if code != exitOK || !strings.Contains(out, `create table "init_gadget`) {
		t.Fatalf("first revision: exit %d\n%s%s", code, out, errOut)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*_initial_schema.go"))
	if err != nil || len(files) != 1 {
		t.Fatalf("the first migration file: %v, %v", files, err)
	}
	if code, out, _ = runProject(t, p, "hash", "--dir", dir); code != exitOK || !strings.Contains(out, "is up to date") {
		t.Errorf("hash after the first revision: exit %d, %s", code, out)
	}
}

// initGadget is the model of a project's first migration.
type initGadget struct {
	ID   string `gorm:"primaryKey;size:36"`
	Name string `gorm:"size:80;not null"`
}

func TestInitRefusesADirectoryThatHoldsAHistory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := Project{Name: "appdb"}
	if code, _, errOut := runProject(t, p, "init", "--dir", dir); code != exitOK {
		t.Fatalf("first init exited %d: %s", code, errOut)
	}
	code, out, errOut := runProject(t, p, "init", "--dir", dir)
	if code != exitFail || out != "" || !strings.HasPrefix(errOut, "appdb: "+filepath.Join(dir, "migrations.go")+" already exists") {
		t.Errorf("second init: exit %d, stdout %q, stderr %q; want 1 and the file named", code, out, errOut)
	}
}

func TestHashStillRefusesADirectoryWithoutTheMigrationsPackage(t *testing.T) {
	t.Parallel()
	code, _, errOut := runProject(t, Project{}, "hash", "--dir", t.TempDir())
	if code != exitFail || !strings.Contains(errOut, "no migration files in") {
		t.Errorf("hash of an empty directory: exit %d, stderr %q", code, errOut)
	}
}
