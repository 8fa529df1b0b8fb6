package models

import (
	"database/sql/driver"
	"reflect"
	"testing"
)

func TestRolesValueWritesJSONTextAndNilAsNULL(t *testing.T) {
	tests := []struct {
		roles Roles
		want  driver.Value
	}{
		{nil, nil},
		{Roles{}, "[]"},
		{Roles{"admin", "editor"}, `["admin","editor"]`},
		{Roles{`quote"d`}, `["quote\"d"]`},
	}
	for _, tt := range tests {
		got, err := tt.roles.Value()
		if err != nil || got != tt.want {
			t.Errorf("%#v.Value() = %#v, %v; want %#v", tt.roles, got, err, tt.want)
		}
	}
}

func TestRolesScanReadsJSONTextAndNULLAsNil(t *testing.T) {
	tests := []struct {
		src  any
		want Roles
	}{
		{nil, nil},
		{"null", nil},
		{[]byte("null"), nil},
		{"[]", Roles{}},
		{`["admin","editor"]`, Roles{"admin", "editor"}},
		{[]byte(`["admin"]`), Roles{"admin"}},
	}
	for _, tt := range tests {
		r := Roles{"stale"}
		if err := r.Scan(tt.src); err != nil || !reflect.DeepEqual(r, tt.want) {
			t.Errorf("Scan(%#v) = %#v, %v; want %#v", tt.src, r, err, tt.want)
		}
	}
}

func TestRolesScanRefusesWhatIsNotAJSONArrayOfStrings(t *testing.T) {
	for _, src := range []any{42, `{"a":1}`, `[1,2]`, "not json"} {
		var r Roles
		if err := r.Scan(src); err == nil {
			t.Errorf("Scan(%#v) = %#v, want an error", src, r)
		}
	}
}

func TestRolesRoundTripThroughValueAndScan(t *testing.T) {
	for _, in := range []Roles{nil, {}, {"admin"}, {"a", "b", "ç"}} {
		v, err := in.Value()
		if err != nil {
			t.Fatal(err)
		}
		var out Roles
		if err := out.Scan(v); err != nil || !reflect.DeepEqual(out, in) {
			t.Errorf("%#v → %#v → %#v, %v", in, v, out, err)
		}
	}
}

func TestRolesHas(t *testing.T) {
	r := Roles{"admin", "editor"}
	if !r.Has("editor") || r.Has("viewer") || Roles(nil).Has("admin") {
		t.Errorf("Has gives wrong answers for %v", r)
	}
}
