package autogen

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
)

// PostgreSQL keeps DEFAULT -1 on an integer column as '-1'::integer, and a
// number too large for integer (or any negative one on real and numeric
// columns) the same way: the catalog must still compare equal to the
// schema the defaults were written from, or every comparison of a
// database with the models reports a default change that is not there.
func TestNegativeAndLargeNumericDefaultsReadBackUnchanged(t *testing.T) {
	t.Parallel()
	create := op.CreateTable("amounts",
		op.Col("_id", op.String),
		op.Col("small", op.SmallInt).Default("-2"),
		op.Col("int", op.Integer).Default("-1"),
		op.Col("big", op.BigInt).Default("5000000000"),
		op.Col("exact", op.Numeric(5, 2)).Default("-1.5"),
		op.Col("float", op.Real).Default("-0.5"),
		op.Col("double", op.Double).Default("-2.25"),
		op.Col("label", op.String).Default("'-1'"),
		op.PrimaryKey("_id"),
	)
	want := &schema.Schema{Tables: []*schema.Table{create.Table.Clone()}}
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		if err := op.Apply(gdb, create); err != nil {
			t.Fatal(err)
		}
		got, err := inspect.Schema(context.Background(), gdb)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := Diff(got, want, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range plan.Up {
			t.Errorf("the catalog differs from the schema it was built from: %s", o)
		}
	})
}

func TestAQuotedNumberIsTheNumberOnANumericColumnOnly(t *testing.T) {
	tests := []struct {
		typ       schema.Type
		def, want string
	}{
		{op.Integer, "'-1'::integer", "-1"},
		{op.BigInt, "'5000000000'::bigint", "5000000000"},
		{op.Numeric(5, 2), "'-1.5'::numeric", "-1.5"},
		{op.Real, "'1e-3'", "1e-3"},
		{op.Integer, "'one'", "'one'"},
		{op.String, "'-1'::character varying", "'-1'"},
		{op.Text, "'5'", "'5'"},
	}
	for _, tt := range tests {
		s := &schema.Schema{Tables: []*schema.Table{{Name: "t", Columns: []*schema.Column{{Name: "c", Type: tt.typ, Default: tt.def}}}}}
		if got := canonicalSchema(s).Tables[0].Columns[0].Default; got != tt.want {
			t.Errorf("default %s on a %s column: canonical %s, want %s", tt.def, tt.typ, got, tt.want)
		}
	}
}
