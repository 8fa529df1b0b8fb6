package schema

import (
	"slices"
	"strings"
)

// Schema is a set of tables. Tables are kept sorted by name (see Sort) so that
// two schemas with the same content compare and serialise identically.
type Schema struct {
	Tables []*Table `json:"tables"`
}

// Table is one table with everything that belongs to it.
type Table struct {
	Name string `json:"name"`
	// Columns are in their database order: the order matters for SELECT *,
	// and for SQLite it is the order a table rebuild reproduces.
	Columns []*Column `json:"columns"`
	// PrimaryKey lists the primary key columns in key order; empty when the
	// table has none. The constraint is always named "<table>_pkey", the name
	// PostgreSQL (and so Alembic) gives it.
	PrimaryKey  []string      `json:"primary_key,omitempty"`
	Indexes     []*Index      `json:"indexes,omitempty"`
	ForeignKeys []*ForeignKey `json:"foreign_keys,omitempty"`
	Checks      []*Check      `json:"checks,omitempty"`
}

// Column is one column of a table.
type Column struct {
	Name string `json:"name"`
	Type Type   `json:"type"`
	// NotNull is true for NOT NULL columns. Primary key columns are always NOT NULL.
	NotNull bool `json:"not_null,omitempty"`
	// Default is the column's server default as a canonical SQL expression
	// (see CanonicalDefault): "true", "15", "'hindi'", "CURRENT_TIMESTAMP".
	// Empty means no default.
	Default string `json:"default,omitempty"`
	Comment string `json:"comment,omitempty"`
	// AutoIncrement is true for a column the database numbers itself: on
	// PostgreSQL a serial column (its nextval default is then not kept in
	// Default) or an identity column, on SQLite an INTEGER PRIMARY KEY
	// declared AUTOINCREMENT. False by default.
	AutoIncrement bool `json:"auto_increment,omitempty"`
}

// Index is a named index over one or more columns.
type Index struct {
	Name string `json:"name"`
	// Columns has one entry per key part, in key order: the column's name,
	// or "" for a part over an expression (see Parts).
	Columns []string `json:"columns"`
	Unique  bool     `json:"unique,omitempty"`
	// Parts holds the options of each key part, parallel to Columns. It is
	// nil when every part is a plain column in ascending order with its
	// default collation and operator class, as in every index made before
	// parts had options (see PlainParts).
	Parts []IndexPart `json:"parts,omitempty"`
	// Method is the index access method in lower case ("gin", "gist",
	// "hash"); empty is the dialect's default, btree.
	Method string `json:"method,omitempty"`
	// Where is the predicate of a partial index as the catalog spells it;
	// empty for an index over every row.
	Where string `json:"where,omitempty"`
	// Constraint is true when the index belongs to a UNIQUE table
	// constraint rather than standing alone, so that it is dropped with
	// DROP CONSTRAINT (PostgreSQL) or only by rebuilding the table (SQLite).
	Constraint bool `json:"constraint,omitempty"`
}

// IndexPart is the options of one key part of an index. The zero value is
// a plain column in ascending order.
type IndexPart struct {
	// Expression is the expression a part is over, as the catalog spells
	// it; empty for a part over a column.
	Expression string `json:"expression,omitempty"`
	// Desc is true for a part sorted in descending order.
	Desc bool `json:"desc,omitempty"`
	// Collate names a collation other than the column's own.
	Collate string `json:"collate,omitempty"`
	// Class names an operator class other than the type's default one
	// (PostgreSQL only).
	Class string `json:"class,omitempty"`
}

// PlainParts reports whether parts describe only plain columns in
// ascending order, which is what a nil Index.Parts stands for.
func PlainParts(parts []IndexPart) bool {
	for _, p := range parts {
		if p != (IndexPart{}) {
			return false
		}
	}
	return true
}

// Part returns the options of key part n of the index; the zero value when
// Parts is nil or n is out of range.
func (i *Index) Part(n int) IndexPart {
	if n < 0 || n >= len(i.Parts) {
		return IndexPart{}
	}
	return i.Parts[n]
}

// ForeignKey is a named foreign key constraint.
type ForeignKey struct {
	Name       string   `json:"name"`
	Columns    []string `json:"columns"`
	RefTable   string   `json:"ref_table"`
	RefColumns []string `json:"ref_columns"`
	// OnDelete and OnUpdate hold a canonical referential action (see
	// CanonicalAction); empty means NO ACTION.
	OnDelete string `json:"on_delete,omitempty"`
	OnUpdate string `json:"on_update,omitempty"`
}

// Check is a named check constraint.
type Check struct {
	Name string `json:"name"`
	Expr string `json:"expr"`
}

// PrimaryKeyName is the name of table's primary key constraint.
func PrimaryKeyName(table string) string { return table + "_pkey" }

// Table returns the table called name, or nil.
func (s *Schema) Table(name string) *Table {
	for _, t := range s.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// TableNames returns the names of the tables, in schema order.
func (s *Schema) TableNames() []string {
	names := make([]string, len(s.Tables))
	for i, t := range s.Tables {
		names[i] = t.Name
	}
	return names
}

// Sort puts tables in name order and each table's indexes, foreign keys and
// checks in name order. Column order is left alone: it is significant.
func (s *Schema) Sort() {
	slices.SortFunc(s.Tables, func(a, b *Table) int { return strings.Compare(a.Name, b.Name) })
	for _, t := range s.Tables {
		t.Sort()
	}
}

// Insert puts t among the tables of s at its place in name order, the
// order Sort leaves them in, moving the tables after it up by one and
// sorting nothing. The tables of s must already be in name order; they
// stay so. t's own indexes, foreign keys and checks are left as they are.
func (s *Schema) Insert(t *Table) {
	i, _ := slices.BinarySearchFunc(s.Tables, t.Name, func(u *Table, name string) int { return strings.Compare(u.Name, name) })
	s.Tables = slices.Insert(s.Tables, i, t)
}

// Sort puts the table's indexes, foreign keys and checks in name order.
func (t *Table) Sort() {
	slices.SortFunc(t.Indexes, func(a, b *Index) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(t.ForeignKeys, func(a, b *ForeignKey) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(t.Checks, func(a, b *Check) int { return strings.Compare(a.Name, b.Name) })
}

// Clone returns a deep copy of s.
func (s *Schema) Clone() *Schema {
	if s == nil {
		return nil
	}
	c := &Schema{Tables: make([]*Table, len(s.Tables))}
	for i, t := range s.Tables {
		c.Tables[i] = t.Clone()
	}
	return c
}

// Clone returns a deep copy of t.
func (t *Table) Clone() *Table {
	c := *t
	c.Columns = make([]*Column, len(t.Columns))
	for i, col := range t.Columns {
		cc := *col
		c.Columns[i] = &cc
	}
	c.PrimaryKey = slices.Clone(t.PrimaryKey)
	c.Indexes = cloneEach(t.Indexes, func(i Index) Index {
		i.Columns, i.Parts = slices.Clone(i.Columns), slices.Clone(i.Parts)
		return i
	})
	c.ForeignKeys = cloneEach(t.ForeignKeys, func(f ForeignKey) ForeignKey {
		f.Columns, f.RefColumns = slices.Clone(f.Columns), slices.Clone(f.RefColumns)
		return f
	})
	c.Checks = cloneEach(t.Checks, func(k Check) Check { return k })
	return &c
}

func cloneEach[T any](in []*T, copyValue func(T) T) []*T {
	if in == nil {
		return nil
	}
	out := make([]*T, len(in))
	for i, v := range in {
		c := copyValue(*v)
		out[i] = &c
	}
	return out
}

// Column returns the column called name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// ColumnIndex returns the position of the column called name, or -1.
func (t *Table) ColumnIndex(name string) int {
	return slices.IndexFunc(t.Columns, func(c *Column) bool { return c.Name == name })
}

// Index returns the index called name, or nil.
func (t *Table) Index(name string) *Index {
	for _, i := range t.Indexes {
		if i.Name == name {
			return i
		}
	}
	return nil
}

// ForeignKey returns the foreign key called name, or nil.
func (t *Table) ForeignKey(name string) *ForeignKey {
	for _, f := range t.ForeignKeys {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Check returns the check constraint called name, or nil.
func (t *Table) Check(name string) *Check {
	for _, k := range t.Checks {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// IsPrimaryKey reports whether column is part of the table's primary key.
func (t *Table) IsPrimaryKey(column string) bool { return slices.Contains(t.PrimaryKey, column) }
