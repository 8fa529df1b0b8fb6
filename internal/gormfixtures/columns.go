package gormfixtures

import (
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
)

// The helpers below spell the columns GORM declares for Go's own types,
// per dialect, as the catalog reads them back.

// id is the auto-increment integer key GORM makes for an ID field:
// bigserial on PostgreSQL, integer PRIMARY KEY AUTOINCREMENT on SQLite.
func id(d dialect.Dialect, name string) *schema.Column {
	return &schema.Column{Name: name, Type: goInt(d), NotNull: true, AutoIncrement: true}
}

// col is a nullable column without default.
func col(name string, t schema.Type) *schema.Column { return &schema.Column{Name: name, Type: t} }

// kind is a type without size.
func kind(k schema.Kind) schema.Type { return schema.Type{Kind: k} }

// goInt is Go's int, int64 and uint: bigint on PostgreSQL, integer on SQLite.
func goInt(d dialect.Dialect) schema.Type {
	return pick(d, kind(schema.KindBigInt), kind(schema.KindInteger))
}

// goTime is Go's time.Time: timestamptz on PostgreSQL, datetime (read as
// timestamp) on SQLite.
func goTime(d dialect.Dialect) schema.Type {
	return pick(d, kind(schema.KindTimestampTZ), kind(schema.KindTimestamp))
}

// goString is a string with size:n: varchar(n) on PostgreSQL, text on
// SQLite, where GORM drops the size; n = 0 is text on both.
func goString(d dialect.Dialect, n int) schema.Type {
	if n == 0 || d == dialect.SQLite {
		return kind(schema.KindText)
	}
	return schema.Type{Kind: schema.KindString, Size: n}
}

// goBool is Go's bool: boolean on PostgreSQL, numeric on SQLite.
func goBool(d dialect.Dialect) schema.Type {
	return pick(d, kind(schema.KindBoolean), kind(schema.KindNumeric))
}

// raw is a type matardb has no kind for, as the catalog spells it.
func raw(s string) schema.Type { return schema.Type{Kind: schema.KindRaw, Raw: s} }

// fk is a foreign key with its actions.
func fk(name, column, refTable, onDelete, onUpdate string) *schema.ForeignKey {
	return &schema.ForeignKey{Name: name, Columns: []string{column}, RefTable: refTable,
		RefColumns: []string{"id"}, OnDelete: onDelete, OnUpdate: onUpdate}
}

// index is a plain index over columns.
func index(name string, unique bool, columns ...string) *schema.Index {
	return &schema.Index{Name: name, Columns: columns, Unique: unique}
}
