package autogen

import (
	"testing"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// A change that makes a column NOT NULL on a table with rows goes through a
// validated check; whatever else the same change does to the column (here
// auto-increment, on the way up and off on the way down) must survive the
// rewrite.
func TestSafeFormKeepsWhatANotNullChangeDoesBesides(t *testing.T) {
	t.Parallel()
	before := &schema.Schema{Tables: []*schema.Table{{
		Name:    "ticket",
		Columns: []*schema.Column{{Name: "number", Type: schema.Type{Kind: schema.KindBigInt}}},
	}}}
	p := &Plan{
		Up:   []op.Op{op.AlterColumn("ticket", "number").SetNotNull(true).SetAutoIncrement(true)},
		Down: []op.Op{op.AlterColumn("ticket", "number").SetNotNull(false).SetAutoIncrement(false)},
	}
	f, err := Safe(before, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dir  string
		ops  []op.Op
		want bool
	}{{"up", f.Up, true}, {"down", f.Down, false}} {
		found := false
		for _, o := range c.ops {
			if a, ok := o.(op.AlterColumnOp); ok && a.AutoIncrement != nil {
				found = *a.AutoIncrement == c.want
			}
		}
		if !found {
			t.Errorf("%s: the safe form lost SetAutoIncrement(%t): %v", c.dir, c.want, c.ops)
		}
	}
	if len(f.Up) < 5 {
		t.Errorf("up: want the auto-increment change and the four NOT NULL steps, got %v", f.Up)
	}
}
