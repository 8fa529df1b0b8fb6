package gormschema

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	gschema "gorm.io/gorm/schema"
)

// maxIdentifier is PostgreSQL's identifier length limit in bytes
// (NAMEDATALEN - 1). Longer names are shortened the way their author would.
const maxIdentifier = 63

// gormNaming is the GORM naming strategy AlembicNamer builds on: singular
// table names, as SQLAlchemy models conventionally declare them.
var gormNaming = gschema.NamingStrategy{SingularTable: true, IdentifierMaxLength: maxIdentifier}

// AlembicNamer is the GORM naming strategy (gorm.io/gorm/schema.Namer) of
// matardb. Tables and columns are named as GORM's NamingStrategy with
// SingularTable names them ("PostActivity" → "post_activity", "UserID" →
// "user_id"); constraints and indexes are named as PostgreSQL and Alembic
// name them, so that names read from the models match a database Alembic
// built:
//
//	foreign key  <table>_<col>[_<col>…]_fkey   (PostgreSQL)
//	unique       <table>_<col>_key             (PostgreSQL)
//	check        <table>_<col>_check           (PostgreSQL)
//	index        ix_<table>_<col>              (SQLAlchemy's index=True)
//
// Over-long names are shortened by each author's own rule. db.Open does
// not give it to gorm.Config yet (GORM's default strategy names tables in
// the plural), so a model whose table must match the migrations states it
// with a TableName method; the constraint and index names differ only in
// names GORM's queries never spell. The zero value is ready to use and safe
// for concurrent use.
type AlembicNamer struct{}

// Namer is the naming strategy Read parses models with when given none.
var Namer AlembicNamer

var _ gschema.Namer = AlembicNamer{}

// TableName names the table of a model type without a TableName method.
func (AlembicNamer) TableName(str string) string { return gormNaming.TableName(str) }

// SchemaName turns a table name back into a model type name.
func (AlembicNamer) SchemaName(table string) string { return gormNaming.SchemaName(table) }

// ColumnName names the column of a field without a column tag.
func (AlembicNamer) ColumnName(table, column string) string {
	return gormNaming.ColumnName(table, column)
}

// JoinTableName names a many-to-many join table.
func (AlembicNamer) JoinTableName(joinTable string) string {
	return gormNaming.JoinTableName(joinTable)
}

// RelationshipFKName names a relationship's foreign key after the table that
// holds the key and its columns, "<table>_<col>[_<col>…]_fkey", as
// PostgreSQL does.
func (AlembicNamer) RelationshipFKName(rel gschema.Relationship) string {
	table := rel.Schema.Table
	var cols []string
	for _, ref := range rel.References {
		if ref.PrimaryKey == nil || (rel.JoinTable != nil && !ref.OwnPrimaryKey) {
			continue
		}
		if ref.OwnPrimaryKey {
			table = ref.ForeignKey.Schema.Table
		}
		cols = append(cols, ref.ForeignKey.DBName)
	}
	return postgresName(table, columnList(cols), "fkey")
}

// CheckerName names an unnamed check on column: "<table>_<col>_check".
func (AlembicNamer) CheckerName(table, column string) string {
	return postgresName(table, column, "check")
}

// IndexName names an unnamed index on the field (or composite name) column:
// "ix_<table>_<col>", with column put through ColumnName.
func (n AlembicNamer) IndexName(table, column string) string {
	return sqlalchemyName("ix_" + table + "_" + n.ColumnName(table, column))
}

// UniqueName names the unique constraint of a `unique` column: "<table>_<col>_key".
func (n AlembicNamer) UniqueName(table, column string) string {
	return postgresName(table, n.ColumnName(table, column), "key")
}

// columnList joins column names with "_" as PostgreSQL does for a
// constraint name, stopping once the result is longer than any identifier.
func columnList(cols []string) string {
	var b strings.Builder
	for _, c := range cols {
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(c)
		if b.Len() > maxIdentifier {
			break
		}
	}
	return b.String()
}

// postgresName is PostgreSQL's makeObjectName: "<name1>_<name2>_<label>",
// shortening the longer of name1 and name2 a byte at a time until it fits.
func postgresName(name1, name2, label string) string {
	avail := maxIdentifier - len(label) - 2
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	return clip(name1, n1) + "_" + clip(name2, n2) + "_" + label
}

// sqlalchemyName shortens an over-long name as SQLAlchemy does: the first
// 55 bytes, "_", and the last four hex digits of the name's MD5.
func sqlalchemyName(name string) string {
	if len(name) <= maxIdentifier {
		return name
	}
	sum := md5.Sum([]byte(name))
	h := hex.EncodeToString(sum[:])
	return clip(name, maxIdentifier-8) + "_" + h[len(h)-4:]
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
