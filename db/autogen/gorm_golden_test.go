package autogen

import (
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
