package connect_test

import (
	"context"
	"path/filepath"
	"testing"

	"gorm.io/gorm"
	gschema "gorm.io/gorm/schema"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/internal/testdb"
)

// crate and shelf have no TableName: their tables are named by the
// configuration's naming strategy.
type crate struct {
	ID      uint
	Label   string `gorm:"index"`
	ShelfID uint
	Shelf   shelf
}

type shelf struct {
	ID   uint
	Name string
}

// TestOneGORMConfigNamesWhatTheMigrationCreatesAndWhatGORMQueries is the
// point of WithGORMConfig: the migration generated under an application's
// gorm.Config creates tables under the names GORM, opened with the same
// configuration, then queries.
func TestOneGORMConfigNamesWhatTheMigrationCreatesAndWhatGORMQueries(t *testing.T) {
	t.Parallel()
	cfg := &gorm.Config{NamingStrategy: gschema.NamingStrategy{TablePrefix: "app_", SingularTable: true}}
	for _, d := range dialect.All {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			url := "sqlite:" + filepath.Join(t.TempDir(), "x.db")
			if d == dialect.Postgres {
				url = testdb.PostgresURL(t)
			}
			gdb, err := connect.Open(context.Background(), url, connect.WithGORMConfig(cfg))
			if err != nil {
				t.Fatal(err)
			}
			sqlDB, _ := gdb.DB()
			defer sqlDB.Close()
			read, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(d), Config: cfg}, &shelf{}, &crate{})
			if err != nil {
				t.Fatal(err)
			}
			if got := read.Schema.TableNames(); len(got) != 2 || got[0] != "app_crate" || got[1] != "app_shelf" {
				t.Fatalf("tables = %v, want app_crate and app_shelf", got)
			}
			plan, err := autogen.Diff(nil, read.Schema, autogen.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := gdb.Transaction(func(tx *gorm.DB) error { return op.Apply(tx, plan.Up...) }); err != nil {
				t.Fatal(err)
			}
			s := &shelf{Name: "top"}
			if err := gdb.Create(s).Error; err != nil {
				t.Fatal(err)
			}
			c := &crate{Label: "apples", ShelfID: s.ID}
			if err := gdb.Create(c).Error; err != nil {
				t.Fatal(err)
			}
			var got crate
			if err := gdb.Preload("Shelf").First(&got, c.ID).Error; err != nil || got.Shelf.Name != "top" {
				t.Fatalf("read back %+v, %v; want the crate on shelf top", got, err)
			}
		})
	}
}

func TestWithGORMConfigRefusesNil(t *testing.T) {
	if _, err := connect.Open(context.Background(), "sqlite::memory:", connect.WithGORMConfig(nil)); err == nil {
		t.Error("Open accepted a nil gorm.Config")
	}
}
