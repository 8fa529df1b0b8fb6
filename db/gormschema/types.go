package gormschema

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/migrator"
	gschema "gorm.io/gorm/schema"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
)

// columnOf reads one field into a column of dialect d, as GORM's migrator
// declares it there.
func columnOf(gdb *gorm.DB, d dialect.Dialect, f *gschema.Field) (*schema.Column, error) {
	typ, auto := columnType(d, declaredType(gdb, f))
	c := &schema.Column{
		Name:          f.DBName,
		Type:          typ,
		NotNull:       f.NotNull || f.PrimaryKey || (auto && d == dialect.Postgres),
		Default:       columnDefault(d, f),
		AutoIncrement: auto,
	}
	if d == dialect.Postgres {
		c.Comment = f.Comment
	}
	if err := checkDefault(d, c.Default); err != nil {
		return nil, fmt.Errorf("column %q: %w", f.DBName, err)
	}
	return c, nil
}

// declaredType is the type GORM's migrator declares for f: the field
// type's GormDBDataType for the dialect first, then the dialector's own
// mapping (which knows GormDataType, `type:`, size and precision).
func declaredType(gdb *gorm.DB, f *gschema.Field) string {
	if t, ok := reflect.New(f.IndirectFieldType).Interface().(migrator.GormDataTypeInterface); ok {
		if s := t.GormDBDataType(gdb, f); s != "" {
			return s
		}
	}
	return gdb.Dialector.DataTypeOf(f)
}

var (
	serialTypes = map[string]schema.Kind{
		"smallserial": schema.KindSmallInt, "serial": schema.KindInteger, "bigserial": schema.KindBigInt,
		"serial2": schema.KindSmallInt, "serial4": schema.KindInteger, "serial8": schema.KindBigInt,
	}
	sqliteAutoIncrement = regexp.MustCompile(`(?i)\s+primary\s+key\s+autoincrement$`)
	fixedChar           = regexp.MustCompile(`(?i)^(?:char|character|bpchar)\s*\(\s*(\d+)\s*\)$`)
	spacedNumeric       = regexp.MustCompile(`(?i)^(numeric|decimal)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$`)
)

// columnType reads a declared type as the catalog of d will report it,
// and whether it makes the column auto-increment (PostgreSQL's serial
// types, SQLite's INTEGER PRIMARY KEY AUTOINCREMENT).
func columnType(d dialect.Dialect, declared string) (schema.Type, bool) {
	s := strings.TrimSpace(declared)
	if d == dialect.SQLite {
		if base := sqliteAutoIncrement.ReplaceAllString(s, ""); base != s {
			return schema.ParseCatalogType(base), true
		}
		return schema.ParseCatalogType(s), false
	}
	lower := strings.ToLower(s)
	if k, ok := serialTypes[lower]; ok {
		return schema.Type{Kind: k}, true
	}
	if m := fixedChar.FindStringSubmatch(lower); m != nil {
		return schema.Type{Kind: schema.KindRaw, Raw: "character(" + m[1] + ")"}, false
	}
	lower = spacedNumeric.ReplaceAllString(lower, "$1($2,$3)")
	if elem, ok := strings.CutSuffix(lower, "[]"); ok {
		return schema.Type{Kind: schema.KindRaw, Raw: postgresSpelling(elem) + "[]"}, false
	}
	return schema.ParseCatalogType(lower), false
}

// postgresAliases are PostgreSQL's own names (format_type's) for the
// aliases a `type:` tag may use.
var postgresAliases = map[string]string{
	"int": "integer", "int4": "integer", "int2": "smallint", "int8": "bigint",
	"float4": "real", "float8": "double precision", "bool": "boolean", "decimal": "numeric",
	"varchar": "character varying", "timestamptz": "timestamp with time zone",
	"timestamp": "timestamp without time zone", "timetz": "time with time zone",
	"time": "time without time zone",
}

// aliasWithSize is an alias with a size or precision: varchar(12).
var aliasWithSize = regexp.MustCompile(`^([a-z0-9]+)\s*(\([\d,\s]+\))$`)

// postgresSpelling spells a type (an array's element) as format_type does:
// "int" is "integer", "varchar(12)" is "character varying(12)",
// "char(2)" is "character(2)".
func postgresSpelling(t string) string {
	t = strings.TrimSpace(t)
	if m := fixedChar.FindStringSubmatch(t); m != nil {
		return "character(" + m[1] + ")"
	}
	if name, ok := postgresAliases[t]; ok {
		return name
	}
	if m := aliasWithSize.FindStringSubmatch(t); m != nil {
		if name, ok := postgresAliases[m[1]]; ok {
			size := strings.ReplaceAll(m[2], " ", "")
			if strings.HasPrefix(name, "timestamp") || strings.HasPrefix(name, "time ") {
				base, zone, _ := strings.Cut(name, " ")
				return base + size + " " + zone
			}
			return name + size
		}
	}
	return t
}

// columnDefault renders a `default:` tag as GORM's migrator does on d: a
// value GORM parsed (a string, a number, a bool) as the dialect quotes it,
// anything else (CURRENT_TIMESTAMP, a function call) as written; then
// canonical (schema.CanonicalDefault).
func columnDefault(d dialect.Dialect, f *gschema.Field) string {
	if !f.HasDefaultValue || f.DefaultValue == "(-)" {
		return ""
	}
	if f.DefaultValueInterface == nil {
		return schema.CanonicalDefault(f.DefaultValue)
	}
	quote := `'`
	if d == dialect.SQLite {
		quote = `"`
	}
	return schema.CanonicalDefault(logger.ExplainSQL("?", nil, quote, f.DefaultValueInterface))
}

// sqliteCall finds a function call in a default expression.
var sqliteCall = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)\s*\(`)

// sqliteFunctions are the functions of SQLite's core a default may call.
var sqliteFunctions = map[string]bool{
	"abs": true, "char": true, "coalesce": true, "date": true, "datetime": true, "format": true,
	"hex": true, "ifnull": true, "instr": true, "julianday": true, "length": true, "lower": true,
	"ltrim": true, "max": true, "min": true, "printf": true, "quote": true, "random": true,
	"randomblob": true, "replace": true, "round": true, "rtrim": true, "strftime": true,
	"substr": true, "time": true, "trim": true, "unixepoch": true, "upper": true, "zeroblob": true,
	"json": true, "json_array": true, "json_object": true,
}

// checkDefault refuses a default that dialect d cannot evaluate: on SQLite
// a call to a function SQLite does not have (gen_random_uuid(), now()),
// which would make every insert fail.
func checkDefault(d dialect.Dialect, def string) error {
	if d != dialect.SQLite {
		return nil
	}
	for _, m := range sqliteCall.FindAllStringSubmatch(def, -1) {
		if !sqliteFunctions[strings.ToLower(m[1])] {
			return fmt.Errorf("default %q calls %s(), which SQLite does not have: every insert would fail; "+
				"give the field a default SQLite can evaluate or fill it in Go (a BeforeCreate hook)", def, m[1])
		}
	}
	return nil
}
