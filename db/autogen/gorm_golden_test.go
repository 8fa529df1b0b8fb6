package autogen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/internal/gormfixtures"
)

// TestGeneratedGORMMigrationsMatchTheirGoldenFiles pins the Go source
// generated for a few idioms (run with -update to rewrite the files).
func TestGeneratedGORMMigrationsMatchTheirGoldenFiles(t *testing.T) {
	golden := map[string]string{
		"gorm.Model":                 "gorm_model.go.golden",
		"many2many join tables":      "gorm_many2many.go.golden",
		"index options (PostgreSQL)": "gorm_index_options.go.golden",
		"column types (PostgreSQL)":  "gorm_column_types.go.golden",
		"uniqueIndex and unique":     "gorm_unique.go.golden",
	}
	for _, f := range gormfixtures.All() {
		name, ok := golden[f.Name]
		if !ok {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			read, err := gormschema.Read(f.ReadOptions(dialect.Postgres), f.Models...)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := Diff(nil, read.Schema, Options{})
			if err != nil {
				t.Fatal(err)
			}
			src, err := Render(File{ID: "0123456789ab", Message: f.Name,
				Date: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), Up: plan.Up, Down: plan.Down})
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, src)
		})
	}
}

// TestGORMGoldenFilesCompile builds the golden migrations as a package of
// the module: the builder calls they are made of exist and type-check.
func TestGORMGoldenFilesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: runs the go tool")
	}
	dir, err := os.MkdirTemp("testdata", "compile")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	goldens, _ := filepath.Glob(filepath.Join("testdata", "golden", "gorm_*.go.golden"))
	if len(goldens) == 0 {
		t.Fatal("no GORM golden files")
	}
	for _, g := range goldens {
		src, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		// Each file registers the same ID; only the compiler looks at them.
		if err := os.WriteFile(filepath.Join(dir, strings.TrimSuffix(filepath.Base(g), ".golden")), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	register := "package migrations\n\nimport \"github.com/matar-app/matardb/db/history\"\n\nfunc register(history.Migration) {}\n"
	if err := os.WriteFile(filepath.Join(dir, "register.go"), []byte(register), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "go", "vet", "./"+filepath.ToSlash(dir)).CombinedOutput()
	if err != nil {
		t.Fatalf("go vet of the golden migrations: %v\n%s", err, out)
	}
}
