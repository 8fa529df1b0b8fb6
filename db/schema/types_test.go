package schema

import "testing"

func TestColumnDefaultUnquotesANumberOnlyOnANumericColumn(t *testing.T) {
	cases := []struct {
		t    Type
		expr string
		want string
	}{
		{Type{Kind: KindInteger}, "'-1'::integer", "-1"},
		{Type{Kind: KindBigInt}, "'3000000000'::bigint", "3000000000"},
		{Type{Kind: KindNumeric, Precision: 8, Scale: 2}, "'-1.5'::numeric", "-1.5"},
		{Type{Kind: KindInteger}, "15", "15"},
		{Type{Kind: KindString}, "'-1'::character varying", "'-1'"},
		{Type{Kind: KindBoolean}, "true", "true"},
	}
	for _, c := range cases {
		if got := ColumnDefault(c.t, c.expr); got != c.want {
			t.Errorf("ColumnDefault(%s, %q) = %q, want %q", c.t, c.expr, got, c.want)
		}
	}
}

func TestNarrowsKnowsOnlyALargerSizeOfTheSameRawTypeIsSafe(t *testing.T) {
	raw := func(s string) Type { return Type{Kind: KindRaw, Raw: s} }
	cases := []struct {
		from, to Type
		narrows  bool
	}{
		{raw("character(2)"), raw("character(5)"), false},
		{raw("character varying(12)[]"), raw("character varying(20)[]"), false},
		{raw("character(5)"), raw("character(2)"), true},
		{raw("character(2)"), raw("bit(2)"), true},
		{raw("inet"), raw("cidr"), true},
		{raw("character(2)[]"), raw("character(5)"), true},
	}
	for _, c := range cases {
		if got := c.from.Narrows(c.to); got != c.narrows {
			t.Errorf("%s to %s: Narrows = %v, want %v", c.from, c.to, got, c.narrows)
		}
	}
}
