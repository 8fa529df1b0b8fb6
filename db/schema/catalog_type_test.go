package schema

import (
	"encoding/json"
	"testing"
)

func TestParseCatalogTypeKeepsWhatParseTypeWouldLose(t *testing.T) {
	cases := map[string]Type{
		"character varying(20)":           {Kind: KindString, Size: 20},
		"bigint":                          {Kind: KindBigInt},
		"numeric(10,2)":                   {Kind: KindNumeric, Precision: 10, Scale: 2},
		"timestamp without time zone":     {Kind: KindTimestamp},
		"timestamp(3) without time zone":  {Kind: KindTimestamp, Precision: 3},
		"timestamp(6) with time zone":     {Kind: KindTimestampTZ, Precision: 6},
		"timestamp(3)":                    {Kind: KindTimestamp, Precision: 3},
		"datetime":                        {Kind: KindTimestamp},
		"character(2)":                    {Kind: KindRaw, Raw: "character(2)"},
		"char(2)":                         {Kind: KindRaw, Raw: "char(2)"},
		" inet ":                          {Kind: KindRaw, Raw: "inet"},
		"text[]":                          {Kind: KindRaw, Raw: "text[]"},
		"time without time zone":          {Kind: KindRaw, Raw: "time without time zone"},
		"":                                {Kind: KindRaw},
		"USER-DEFINED mood":               {Kind: KindRaw, Raw: "USER-DEFINED mood"},
		"double precision":                {Kind: KindDouble},
		"jsonb":                           {Kind: KindJSONB},
		"integer":                         {Kind: KindInteger},
		"timestamp(0) with time zone":     {Kind: KindTimestampTZ},
		"bit varying(4)":                  {Kind: KindRaw, Raw: "bit varying(4)"},
		"interval":                        {Kind: KindRaw, Raw: "interval"},
		"timestamp(6) without time zone ": {Kind: KindTimestamp, Precision: 6},
	}
	for in, want := range cases {
		if got := ParseCatalogType(in); got != want {
			t.Errorf("ParseCatalogType(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestRawTypeStringIsItsSpelling(t *testing.T) {
	if got := (Type{Kind: KindRaw, Raw: "character(2)"}).String(); got != "character(2)" {
		t.Errorf("String() = %q, want character(2)", got)
	}
	if got := (Type{Kind: KindTimestamp, Precision: 3}).String(); got != "timestamp(3)" {
		t.Errorf("String() = %q, want timestamp(3)", got)
	}
}

// TestNewFieldsAreLeftOutOfJSONWhenUnset guards the snapshot's backward
// compatibility: a schema that uses none of the GORM-vocabulary fields
// encodes exactly as before they existed.
func TestNewFieldsAreLeftOutOfJSONWhenUnset(t *testing.T) {
	s := Schema{Tables: []*Table{{
		Name:       "post",
		Columns:    []*Column{{Name: "id", Type: Type{Kind: KindBigInt}, NotNull: true}},
		PrimaryKey: []string{"id"},
		Indexes:    []*Index{{Name: "post_id_idx", Columns: []string{"id"}}},
	}}}
	got, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"tables":[{"name":"post","columns":[{"name":"id","type":{"kind":"bigint"},"not_null":true}],` +
		`"primary_key":["id"],"indexes":[{"name":"post_id_idx","columns":["id"]}]}]}`
	if string(got) != want {
		t.Errorf("JSON = %s\nwant %s", got, want)
	}
}

func TestSnapshotKeepsIndexPartsAndAutoIncrement(t *testing.T) {
	in := &Snapshot{Head: "abc", Schema: Schema{Tables: []*Table{{
		Name: "doc",
		Columns: []*Column{
			{Name: "id", Type: Type{Kind: KindBigInt}, NotNull: true, AutoIncrement: true},
			{Name: "addr", Type: Type{Kind: KindRaw, Raw: "inet"}},
		},
		Indexes: []*Index{{
			Name: "doc_idx", Columns: []string{"", "addr"}, Method: "gist", Where: "id > 0", Constraint: false,
			Parts: []IndexPart{{Expression: "lower(x)"}, {Desc: true, Collate: "C", Class: "inet_ops"}},
		}},
	}}}}
	data, err := MarshalSnapshot(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := UnmarshalSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := MarshalSnapshot(out)
	if string(again) != string(data) {
		t.Errorf("snapshot changed on a round trip:\n%s\nthen\n%s", data, again)
	}
	if out.Schema.Tables[0].Indexes[0].Part(1).Class != "inet_ops" || !out.Schema.Tables[0].Columns[0].AutoIncrement {
		t.Errorf("round trip lost index parts or AutoIncrement: %s", again)
	}
}

func TestPlainPartsAndPart(t *testing.T) {
	if !PlainParts(nil) || !PlainParts([]IndexPart{{}, {}}) || PlainParts([]IndexPart{{}, {Desc: true}}) {
		t.Error("PlainParts is true exactly when no part has an option")
	}
	i := &Index{Columns: []string{"a", "b"}, Parts: []IndexPart{{}, {Desc: true}}}
	if !i.Part(1).Desc || i.Part(0).Desc || i.Part(5) != (IndexPart{}) || (&Index{}).Part(0) != (IndexPart{}) {
		t.Error("Part returns the part's options, and the zero value out of range")
	}
}

func TestCloneCopiesIndexParts(t *testing.T) {
	s := &Schema{Tables: []*Table{{Name: "t", Indexes: []*Index{{Name: "i", Columns: []string{"a"}, Parts: []IndexPart{{Desc: true}}}}}}}
	c := s.Clone()
	c.Tables[0].Indexes[0].Parts[0].Desc = false
	if !s.Tables[0].Indexes[0].Parts[0].Desc {
		t.Error("changing a clone's index part changed the original")
	}
}
