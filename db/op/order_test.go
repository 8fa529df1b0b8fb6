package op

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/matar-app/matardb/db/schema"
)

// TestReplayKeepsTheSchemaInSortOrder: after each operation of a replay
// that creates tables out of name order, with their indexes, foreign keys
// and checks out of name order too, renames tables to names that sort
// first, last and in between, and drops some, the schema is exactly what
// Sort makes of it: operations keep the order without sorting everything.
func TestReplayKeepsTheSchemaInSortOrder(t *testing.T) {
	var ops []Op
	for _, n := range []int{5, 2, 8, 0, 9, 3, 7, 1, 6, 4} {
		name := fmt.Sprintf("t%d", n)
		ops = append(ops, CreateTable(name,
			Col("id", BigInt), Col("ref", BigInt), PrimaryKey("id"),
			Check("z_"+name+"_positive", "id > 0"), Check("a_"+name+"_ref", "ref > 0"),
			ForeignKey("z_"+name+"_fkey", "ref").References("t0", "id"),
			ForeignKey("a_"+name+"_fkey", "ref").References(name, "id"),
			Index("z_"+name+"_idx", "ref"), UniqueIndex("a_"+name+"_idx", "id", "ref"),
		))
		if n == 0 {
			// Every later table references t0: create it before them.
			ops = append([]Op{ops[len(ops)-1]}, ops[:len(ops)-1]...)
		}
	}
	ops = append(ops,
		RenameTable("t5", "a_first"), RenameTable("t2", "zz_last"), RenameTable("t8", "t45"),
		CreateIndex("t45", Index("m_t45_idx", "ref")), AddCheck("t45", Check("m_t45_check", "ref < 9")),
		DropTable("t3"), RenameTable("t0", "t99"), DropTable("zz_last"),
	)
	s := &schema.Schema{}
	for _, o := range ops {
		if err := o.Mutate(s); err != nil {
			t.Fatalf("%s: %v", o, err)
		}
		sorted := s.Clone()
		sorted.Sort()
		if !reflect.DeepEqual(s, sorted) {
			t.Fatalf("after %s the schema is not in Sort order: tables %v", o, s.TableNames())
		}
	}
	if got := fmt.Sprint(s.TableNames()); got != "[a_first t1 t4 t45 t6 t7 t9 t99]" {
		t.Errorf("tables %s", got)
	}
}
