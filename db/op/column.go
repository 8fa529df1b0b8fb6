package op

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/matar-app/matardb/db/schema"
)

// Column types, for Col. Types that take a size are functions (VarChar, Numeric).
var (
	String      = schema.Type{Kind: schema.KindString} // character varying with no length, Alembic's sa.String()
	Text        = schema.Type{Kind: schema.KindText}
	SmallInt    = schema.Type{Kind: schema.KindSmallInt}
	Integer     = schema.Type{Kind: schema.KindInteger}
	BigInt      = schema.Type{Kind: schema.KindBigInt}
	Boolean     = schema.Type{Kind: schema.KindBoolean}
	Real        = schema.Type{Kind: schema.KindReal}
	Double      = schema.Type{Kind: schema.KindDouble}
	Timestamp   = schema.Type{Kind: schema.KindTimestamp} // timestamp without time zone, Alembic's sa.DateTime()
	TimestampTZ = schema.Type{Kind: schema.KindTimestampTZ}
	Date        = schema.Type{Kind: schema.KindDate}
	JSON        = schema.Type{Kind: schema.KindJSON}
	JSONB       = schema.Type{Kind: schema.KindJSONB}
	Bytes       = schema.Type{Kind: schema.KindBytes}
	UUID        = schema.Type{Kind: schema.KindUUID}
)

// VarChar is a string column of at most n characters.
func VarChar(n int) schema.Type { return schema.Type{Kind: schema.KindString, Size: n} }

// Raw is a column type matardb has no kind for, written and compared
// verbatim as the catalog spells it ("inet", "text[]", "character(2)").
func Raw(sql string) schema.Type { return schema.Type{Kind: schema.KindRaw, Raw: sql} }

// TimestampPrecision is a timestamp without time zone keeping p digits of
// fractional seconds.
func TimestampPrecision(p int) schema.Type {
	return schema.Type{Kind: schema.KindTimestamp, Precision: p}
}

// TimestampTZPrecision is a timestamp with time zone keeping p digits of
// fractional seconds.
func TimestampTZPrecision(p int) schema.Type {
	return schema.Type{Kind: schema.KindTimestampTZ, Precision: p}
}

// Numeric is an exact number with the given precision and scale.
func Numeric(precision, scale int) schema.Type {
	return schema.Type{Kind: schema.KindNumeric, Precision: precision, Scale: scale}
}

// ColumnDef is a column definition under construction: Col("title", String).NotNull().
// Its methods return modified copies.
type ColumnDef struct{ col schema.Column }

// Col starts a nullable column definition with no default.
func Col(name string, t schema.Type) ColumnDef {
	return ColumnDef{schema.Column{Name: name, Type: t}}
}

// NotNull makes the column NOT NULL.
func (c ColumnDef) NotNull() ColumnDef { c.col.NotNull = true; return c }

// Default sets the column's server default, a SQL expression such as "true",
// "15" or "'hindi'" (note the quotes around a string).
func (c ColumnDef) Default(expr string) ColumnDef {
	c.col.Default = schema.CanonicalDefault(expr)
	return c
}

// AutoIncrement makes the database number the column itself, as GORM's
// AutoMigrate does for an integer ID: a serial column on PostgreSQL, an
// INTEGER PRIMARY KEY AUTOINCREMENT on SQLite (where it must be the
// table's only primary key column).
func (c ColumnDef) AutoIncrement() ColumnDef { c.col.AutoIncrement = true; return c }

// Comment sets the column's comment (kept on PostgreSQL; SQLite has none).
func (c ColumnDef) Comment(text string) ColumnDef { c.col.Comment = text; return c }

// Column returns the definition as a schema column.
func (c ColumnDef) Column() schema.Column { return c.col }

func (ColumnDef) tableItem() {}

// colDef wraps an existing schema column, for reverses and the generator.
func colDef(c schema.Column) ColumnDef { return ColumnDef{c} }

// GoString renders the definition as Go source.
func (c ColumnDef) GoString() string {
	var b strings.Builder
	fmt.Fprintf(&b, "op.Col(%s, %s)", strconv.Quote(c.col.Name), goType(c.col.Type))
	if c.col.NotNull {
		b.WriteString(".NotNull()")
	}
	if c.col.AutoIncrement {
		b.WriteString(".AutoIncrement()")
	}
	if c.col.Default != "" {
		fmt.Fprintf(&b, ".Default(%s)", strconv.Quote(c.col.Default))
	}
	if c.col.Comment != "" {
		fmt.Fprintf(&b, ".Comment(%s)", strconv.Quote(c.col.Comment))
	}
	return b.String()
}

var typeNames = map[schema.Kind]string{
	schema.KindString: "String", schema.KindText: "Text", schema.KindSmallInt: "SmallInt",
	schema.KindInteger: "Integer", schema.KindBigInt: "BigInt", schema.KindBoolean: "Boolean",
	schema.KindReal: "Real", schema.KindDouble: "Double", schema.KindTimestamp: "Timestamp",
	schema.KindTimestampTZ: "TimestampTZ", schema.KindDate: "Date", schema.KindJSON: "JSON",
	schema.KindJSONB: "JSONB", schema.KindBytes: "Bytes", schema.KindUUID: "UUID",
}

// goType renders t as Go source: op.String, op.VarChar(20), op.Numeric(10, 2).
func goType(t schema.Type) string {
	switch {
	case t.Kind == schema.KindString && t.Size > 0:
		return fmt.Sprintf("op.VarChar(%d)", t.Size)
	case t.Kind == schema.KindNumeric:
		return fmt.Sprintf("op.Numeric(%d, %d)", t.Precision, t.Scale)
	case t.Kind == schema.KindRaw:
		return fmt.Sprintf("op.Raw(%s)", strconv.Quote(t.Raw))
	case t.Kind == schema.KindTimestamp && t.Precision > 0:
		return fmt.Sprintf("op.TimestampPrecision(%d)", t.Precision)
	case t.Kind == schema.KindTimestampTZ && t.Precision > 0:
		return fmt.Sprintf("op.TimestampTZPrecision(%d)", t.Precision)
	}
	if name, ok := typeNames[t.Kind]; ok {
		return "op." + name
	}
	return fmt.Sprintf("schema.Type{Kind: %q}", t.Kind)
}

// goStrings renders names as a comma-separated list of Go string literals.
func goStrings(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
