package gormschema

import (
	"testing"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
)

// TestColumnTypeSpellsATagAsTheCatalogDoes: a declared type reads as the
// catalog of the dialect will report it.
func TestColumnTypeSpellsATagAsTheCatalogDoes(t *testing.T) {
	cases := []struct {
		d        dialect.Dialect
		declared string
		want     schema.Type
		auto     bool
	}{
		{dialect.Postgres, "bigserial", schema.Type{Kind: schema.KindBigInt}, true},
		{dialect.Postgres, "serial", schema.Type{Kind: schema.KindInteger}, true},
		{dialect.Postgres, "CHAR(2)", schema.Type{Kind: schema.KindRaw, Raw: "character(2)"}, false},
		{dialect.Postgres, "numeric(10, 2)", schema.Type{Kind: schema.KindNumeric, Precision: 10, Scale: 2}, false},
		{dialect.Postgres, "timestamptz(6)", schema.Type{Kind: schema.KindTimestampTZ, Precision: 6}, false},
		{dialect.Postgres, "int8[]", schema.Type{Kind: schema.KindRaw, Raw: "bigint[]"}, false},
		{dialect.Postgres, "varchar(12)[]", schema.Type{Kind: schema.KindRaw, Raw: "character varying(12)[]"}, false},
		{dialect.Postgres, "timestamptz(3)[]", schema.Type{Kind: schema.KindRaw, Raw: "timestamp(3) with time zone[]"}, false},
		{dialect.Postgres, "INET", schema.Type{Kind: schema.KindRaw, Raw: "inet"}, false},
		{dialect.SQLite, "integer PRIMARY KEY AUTOINCREMENT", schema.Type{Kind: schema.KindInteger}, true},
		{dialect.SQLite, "char(2)", schema.Type{Kind: schema.KindRaw, Raw: "char(2)"}, false},
		{dialect.SQLite, "datetime", schema.Type{Kind: schema.KindTimestamp}, false},
	}
	for _, c := range cases {
		got, auto := columnType(c.d, c.declared)
		if got != c.want || auto != c.auto {
			t.Errorf("%s %q = %+v auto %v, want %+v auto %v", c.d, c.declared, got, auto, c.want, c.auto)
		}
	}
}
