package autogen_test

import (
	"testing"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/oracle"
)

// gaugeV1 is numbered by the application, has a fixed-length code, a
// partial index, an expression index and a unique constraint.
type gaugeV1 struct {
	ID    uint   `gorm:"primaryKey;autoIncrement:false"`
	Code  string `gorm:"type:char(3)"`
	Name  string `gorm:"index:idx_gauge_name,where:name <> 'x'"`
	Tag   string `gorm:"size:20;unique"`
	Title string `gorm:"index:idx_gauge_title,expression:lower(title)"`
}

func (gaugeV1) TableName() string { return "gauges" }

// gaugeV2 lets the database number it, widens the code and makes it
// unique instead of the tag, and changes the partial index's predicate and
// the expression index's sort order.
type gaugeV2 struct {
	ID    uint
	Code  string `gorm:"type:char(5);unique"`
	Name  string `gorm:"index:idx_gauge_name,where:name <> 'y'"`
	Tag   string `gorm:"size:20"`
	Title string `gorm:"index:idx_gauge_title,expression:lower(title),sort:desc"`
}

func (gaugeV2) TableName() string { return "gauges" }

// TestChangesToGORMIdiomsMigrateKeepingRows evolves a table whose rows must
// survive: auto-increment turned on, a raw type changed, a UNIQUE
// constraint moved to another column, a partial and an expression index
// changed (a drop and a create), on both dialects, where
// SQLite rebuilds the table and must bring back every index and the
// UNIQUE constraint. After the upgrade the catalog is AutoMigrate's for
// the new models and Create numbers new rows after the existing ones;
// after the rollback it is AutoMigrate's for the old models, rows kept.
func TestChangesToGORMIdiomsMigrateKeepingRows(t *testing.T) {
	t.Parallel()
	for _, d := range dialect.All {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			v1, v2 := readGauge(t, d, &gaugeV1{}), readGauge(t, d, &gaugeV2{})
			gdb := oracle.Open(t, d, nil)
			create, err := autogen.Diff(nil, v1, autogen.Options{})
			if err != nil {
				t.Fatal(err)
			}
			apply(t, gdb, create.Up)
			for _, g := range []gaugeV1{{ID: 1, Code: "abc", Tag: "one"}, {ID: 7, Code: "def", Tag: "two"}} {
				if err := gdb.Create(&g).Error; err != nil {
					t.Fatal(err)
				}
			}
			evolve, err := autogen.Diff(v1, v2, autogen.Options{})
			if err != nil {
				t.Fatal(err)
			}
			apply(t, gdb, evolve.Up)
			want, _ := oracle.AutoMigrate(t, d, oracle.Set{Models: []any{&gaugeV2{}}})
			oracle.AssertSameJSON(t, "after the upgrade", catalog(t, gdb), want)
			next := gaugeV2{Code: "ghi", Tag: "three"}
			if err := gdb.Create(&next).Error; err != nil || next.ID != 8 {
				t.Errorf("Create after the upgrade: id %d, %v; want 8, after the largest existing id", next.ID, err)
			}
			apply(t, gdb, evolve.Down)
			want, _ = oracle.AutoMigrate(t, d, oracle.Set{Models: []any{&gaugeV1{}}})
			oracle.AssertSameJSON(t, "after the rollback", catalog(t, gdb), want)
			var n int64
			if err := gdb.Model(&gaugeV1{}).Count(&n).Error; err != nil || n != 3 {
				t.Errorf("rows after the rollback: %d, %v; want 3", n, err)
			}
			assertNoChanges(t, v1, evolve.Up, v2)
		})
	}
}

func readGauge(t *testing.T, d dialect.Dialect, model any) *schema.Schema {
	t.Helper()
	r, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(d)}, model)
	if err != nil {
		t.Fatal(err)
	}
	return r.Schema
}

// assertNoChanges checks that the snapshot after ops (from before) has
// nothing left to generate against the models' schema.
func assertNoChanges(t *testing.T, before *schema.Schema, ops []op.Op, models *schema.Schema) {
	t.Helper()
	snapshot := before.Clone()
	for _, o := range ops {
		if err := o.Mutate(snapshot); err != nil {
			t.Fatal(err)
		}
	}
	again, err := autogen.Diff(snapshot, models, autogen.Options{})
	if err != nil || !again.Empty() {
		t.Errorf("generating again: %v, %v; want no changes", again.Up, err)
	}
}
