package op

import (
	"reflect"
	"testing"

	"github.com/matar-app/matardb/db/schema"
)

// TestGORMIdiomOperationsRenderAsTheCallsThatBuildThem: the Go source of
// each operation the GORM vocabulary adds is the builder call that gives
// the same operation back, and its reverse is the opposite change.
func TestGORMIdiomOperationsRenderAsTheCallsThatBuildThem(t *testing.T) {
	before := &schema.Schema{Tables: []*schema.Table{{
		Name:    "t",
		Columns: []*schema.Column{{Name: "id", Type: BigInt, NotNull: true}, {Name: "c", Type: Raw("inet")}},
		Indexes: []*schema.Index{{Name: "uni_t_c", Columns: []string{"c"}, Unique: true, Constraint: true}},
	}}}
	cases := []struct {
		op      Op
		source  string
		reverse Op
	}{
		{AlterColumn("t", "id").SetAutoIncrement(true), `op.AlterColumn("t", "id").SetAutoIncrement(true)`,
			AlterColumn("t", "id").SetAutoIncrement(false)},
		{DropUniqueConstraint("t", "uni_t_c"), `op.DropUniqueConstraint("t", "uni_t_c")`,
			CreateIndex("t", UniqueConstraint("uni_t_c", "c"))},
		{CreateIndex("t", UniqueConstraint("uni_t_id", "id")), `op.CreateIndex("t", op.UniqueConstraint("uni_t_id", "id"))`,
			DropUniqueConstraint("t", "uni_t_id")},
		{AlterColumn("t", "c").SetType(TimestampTZPrecision(6)), `op.AlterColumn("t", "c").SetType(op.TimestampTZPrecision(6))`,
			AlterColumn("t", "c").SetType(Raw("inet"))},
		{AddColumn("t", Col("at", TimestampPrecision(3)).AutoIncrement()), `op.AddColumn("t", op.Col("at", op.TimestampPrecision(3)).AutoIncrement())`,
			DropColumn("t", "at")},
	}
	for _, c := range cases {
		if got := c.op.GoString(); got != c.source {
			t.Errorf("GoString = %s, want %s", got, c.source)
		}
		r, err := c.op.Reverse(before)
		if err != nil {
			t.Fatalf("%s: reverse: %v", c.source, err)
		}
		if !reflect.DeepEqual(r, c.reverse) {
			t.Errorf("%s: reverse = %#v, want %#v", c.source, r, c.reverse)
		}
	}
}
