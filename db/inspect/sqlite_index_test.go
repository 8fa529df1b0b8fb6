package inspect

import (
	"reflect"
	"testing"
)

func TestParseCreateIndexFindsPartsAndPredicate(t *testing.T) {
	cases := []struct {
		src   string
		parts []string
		where string
	}{
		{"CREATE INDEX `i` ON `t`(`a`)", []string{"`a`"}, ""},
		{`CREATE UNIQUE INDEX "on (x)" ON "t" (lower(a || ','), b COLLATE NOCASE DESC) WHERE b > 0 AND a <> ''`,
			[]string{"lower(a || ',')", "b"}, "b > 0 AND a <> ''"},
		{"CREATE INDEX IF NOT EXISTS i ON t (a ASC, (b + 1) desc)", []string{"a", "(b + 1)"}, ""},
	}
	for _, c := range cases {
		got, err := parseCreateIndex(c.src)
		if err != nil {
			t.Errorf("parseCreateIndex(%q): %v", c.src, err)
			continue
		}
		if !reflect.DeepEqual(got.parts, c.parts) || got.where != c.where {
			t.Errorf("parseCreateIndex(%q) = %q WHERE %q, want %q WHERE %q", c.src, got.parts, got.where, c.parts, c.where)
		}
	}
	if _, err := parseCreateIndex("CREATE INDEX i ON t"); err == nil {
		t.Error("an index without a key list parsed without error")
	}
}
