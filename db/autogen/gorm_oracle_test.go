package autogen_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/gormfixtures"
	"github.com/matar-app/matardb/internal/oracle"
)

// TestGeneratedMigrationBuildsWhatAutoMigrateBuilds is the AutoMigrate
// oracle, per GORM idiom and dialect: the migration generated from an
// empty history (read the models, diff, render, apply the same operations
// with op.Apply) builds on a fresh database exactly the catalog
// AutoMigrate builds from the same models on another; AutoMigrate run
// afterwards sends nothing but its own known phantoms; GORM's Create gets
// auto-increment keys back; the rollback leaves an empty database; and
// generating again from the new snapshot finds no changes.
func TestGeneratedMigrationBuildsWhatAutoMigrateBuilds(t *testing.T) {
	t.Parallel()
	for _, f := range gormfixtures.All() {
		for _, d := range f.Dialects {
			t.Run(f.Name+"/"+string(d), func(t *testing.T) {
				t.Parallel()
				roundTrip(t, f, d)
			})
		}
	}
}

func roundTrip(t *testing.T, f gormfixtures.Fixture, d dialect.Dialect) {
	opts := f.ReadOptions(d)
	read, err := gormschema.Read(opts, f.Models...)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := autogen.Diff(nil, read.Schema, autogen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := autogen.Render(autogen.File{ID: "0123456789ab", Message: f.Name, Date: time.Now(), Up: plan.Up, Down: plan.Down}); err != nil {
		t.Fatal(err)
	}
	gdb := oracle.Open(t, d, opts.Config)
	apply(t, gdb, plan.Up)
	got := catalog(t, gdb)
	want, _ := oracle.AutoMigrate(t, d, f.Set)
	oracle.AssertSameJSON(t, "the generated migration built", got, want)
	ddl, err := oracle.DDL(t.Context(), gdb, f.Set)
	if err != nil {
		t.Fatal(err)
	}
	// A SQLite phantom rebuild copies the table's definition as the
	// database holds it, so its quotes are the migration's, not GORM's.
	if want := gormfixtures.Phantoms(f, d); !slices.Equal(backquoted(ddl), backquoted(want)) {
		t.Errorf("AutoMigrate after the migration sent %q\nwant only its phantoms %q", ddl, want)
	}
	createRows(t, gdb, f, want)
	apply(t, gdb, plan.Down)
	if s := catalog(t, gdb); len(s.Tables) != 0 {
		t.Errorf("after the rollback the database still has %v", s.TableNames())
	}
	snapshot := &schema.Schema{}
	for _, o := range plan.Up {
		if err := o.Mutate(snapshot); err != nil {
			t.Fatal(err)
		}
	}
	again, err := autogen.Diff(snapshot, read.Schema, autogen.Options{})
	if err != nil || !again.Empty() {
		t.Errorf("generating again: %v, %v; want no changes", again.Up, err)
	}
}

func apply(t *testing.T, gdb *gorm.DB, ops []op.Op) {
	t.Helper()
	err := gdb.WithContext(t.Context()).Transaction(func(tx *gorm.DB) error { return op.Apply(tx, ops...) })
	if err != nil {
		t.Fatal(err)
	}
}

func catalog(t *testing.T, gdb *gorm.DB) *schema.Schema {
	t.Helper()
	s, err := inspect.Schema(t.Context(), gdb)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// createRows inserts one zero row with GORM's Create into each model
// table keyed by one auto-increment column, without foreign keys or raw
// types (whose zero value may not parse: inet), and
// checks that Create got the new key back.
func createRows(t *testing.T, gdb *gorm.DB, f gormfixtures.Fixture, s *schema.Schema) {
	t.Helper()
	for _, m := range f.Models {
		stmt := &gorm.Statement{DB: gdb}
		if err := stmt.Parse(m); err != nil {
			t.Fatal(err)
		}
		table := s.Table(stmt.Schema.Table)
		if table == nil || len(table.ForeignKeys) > 0 || len(table.PrimaryKey) != 1 ||
			!table.Column(table.PrimaryKey[0]).AutoIncrement || hasRawColumn(table) {
			continue
		}
		row := reflect.New(reflect.TypeOf(m).Elem())
		if err := gdb.WithContext(t.Context()).Create(row.Interface()).Error; err != nil {
			t.Fatalf("Create %T: %v", m, err)
		}
		key := stmt.Schema.PrioritizedPrimaryField
		if v, zero := key.ValueOf(t.Context(), row.Elem()); zero {
			t.Errorf("Create %T left %s at %v: the key did not come back", m, key.Name, v)
		}
	}
}

func hasRawColumn(t *schema.Table) bool {
	return slices.ContainsFunc(t.Columns, func(c *schema.Column) bool { return c.Type.Kind == schema.KindRaw })
}

// backquoted spells every identifier quote of stmts as a backquote.
func backquoted(stmts []string) []string {
	out := make([]string, len(stmts))
	for i, s := range stmts {
		out[i] = strings.ReplaceAll(s, `"`, "`")
	}
	return out
}
