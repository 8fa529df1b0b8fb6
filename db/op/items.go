package op

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/matar-app/matardb/db/schema"
)

// TableItem is something CreateTable accepts besides columns: a primary
// key, a foreign key, a check constraint or an index.
type TableItem interface {
	tableItem()
	GoString() string
}

// PrimaryKeyDef is a primary key for CreateTable.
type PrimaryKeyDef struct{ columns []string }

// PrimaryKey declares the table's primary key, named "<table>_pkey".
func PrimaryKey(columns ...string) PrimaryKeyDef { return PrimaryKeyDef{columns} }

func (PrimaryKeyDef) tableItem() {}

// GoString renders the primary key as Go source.
func (p PrimaryKeyDef) GoString() string { return "op.PrimaryKey(" + goStrings(p.columns) + ")" }

// ForeignKeyDef is a foreign key under construction:
// ForeignKey("post_user_id_fkey", "user_id").References("user", "_id").OnDelete("CASCADE").
type ForeignKeyDef struct{ fk schema.ForeignKey }

// ForeignKey starts a foreign key constraint called name over columns.
func ForeignKey(name string, columns ...string) ForeignKeyDef {
	return ForeignKeyDef{schema.ForeignKey{Name: name, Columns: columns}}
}

// References names the referenced table and columns.
func (f ForeignKeyDef) References(table string, columns ...string) ForeignKeyDef {
	f.fk.RefTable, f.fk.RefColumns = table, columns
	return f
}

// OnDelete sets the ON DELETE action: "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT".
func (f ForeignKeyDef) OnDelete(action string) ForeignKeyDef {
	f.fk.OnDelete = schema.CanonicalAction(action)
	return f
}

// OnUpdate sets the ON UPDATE action.
func (f ForeignKeyDef) OnUpdate(action string) ForeignKeyDef {
	f.fk.OnUpdate = schema.CanonicalAction(action)
	return f
}

// ForeignKey returns the definition as a schema foreign key.
func (f ForeignKeyDef) ForeignKey() schema.ForeignKey { return f.fk }

func (ForeignKeyDef) tableItem() {}

// GoString renders the foreign key as Go source.
func (f ForeignKeyDef) GoString() string {
	var b strings.Builder
	fmt.Fprintf(&b, "op.ForeignKey(%s, %s).References(%s, %s)", strconv.Quote(f.fk.Name),
		goStrings(f.fk.Columns), strconv.Quote(f.fk.RefTable), goStrings(f.fk.RefColumns))
	if f.fk.OnDelete != "" {
		fmt.Fprintf(&b, ".OnDelete(%q)", f.fk.OnDelete)
	}
	if f.fk.OnUpdate != "" {
		fmt.Fprintf(&b, ".OnUpdate(%q)", f.fk.OnUpdate)
	}
	return b.String()
}

// IndexDef is an index for CreateTable or CreateIndex.
type IndexDef struct{ idx schema.Index }

// Index declares a non-unique index called name over columns.
func Index(name string, columns ...string) IndexDef {
	return IndexDef{schema.Index{Name: name, Columns: columns}}
}

// UniqueIndex declares a unique index called name over columns.
func UniqueIndex(name string, columns ...string) IndexDef {
	return IndexDef{schema.Index{Name: name, Columns: columns, Unique: true}}
}

// UniqueConstraint is a UNIQUE table constraint (GORM's `unique` tag): a
// unique index that belongs to the table, named name.
func UniqueConstraint(name string, columns ...string) IndexDef {
	return IndexDef{schema.Index{Name: name, Columns: columns, Unique: true, Constraint: true}}
}

// Part is the options of one key part of an index (schema.IndexPart), for
// IndexDef.Parts: an expression, a collation, an operator class, DESC.
type Part = schema.IndexPart

// Parts sets the options of the key parts, one per column in order; a
// part over an expression has "" as its column.
func (i IndexDef) Parts(parts ...Part) IndexDef { i.idx.Parts = parts; return i }

// Using sets the index method ("gin", "gist", "hash"; PostgreSQL only).
func (i IndexDef) Using(method string) IndexDef { i.idx.Method = method; return i }

// Where makes the index partial: only rows matching predicate, a SQL
// expression.
func (i IndexDef) Where(predicate string) IndexDef { i.idx.Where = predicate; return i }

// Index returns the definition as a schema index.
func (i IndexDef) Index() schema.Index { return i.idx }

func (IndexDef) tableItem() {}

// GoString renders the index as Go source.
func (i IndexDef) GoString() string {
	fn := "op.Index"
	switch {
	case i.idx.Constraint:
		fn = "op.UniqueConstraint"
	case i.idx.Unique:
		fn = "op.UniqueIndex"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s(%s, %s)", fn, strconv.Quote(i.idx.Name), goStrings(i.idx.Columns))
	if i.idx.Method != "" {
		fmt.Fprintf(&b, ".Using(%s)", strconv.Quote(i.idx.Method))
	}
	if !schema.PlainParts(i.idx.Parts) {
		parts := make([]string, len(i.idx.Parts))
		for n, p := range i.idx.Parts {
			parts[n] = goPart(p)
		}
		fmt.Fprintf(&b, ".Parts(%s)", strings.Join(parts, ", "))
	}
	if i.idx.Where != "" {
		fmt.Fprintf(&b, ".Where(%s)", strconv.Quote(i.idx.Where))
	}
	return b.String()
}

// goPart renders a key part's options as a Go composite literal.
func goPart(p schema.IndexPart) string {
	var fields []string
	if p.Expression != "" {
		fields = append(fields, "Expression: "+strconv.Quote(p.Expression))
	}
	if p.Desc {
		fields = append(fields, "Desc: true")
	}
	if p.Collate != "" {
		fields = append(fields, "Collate: "+strconv.Quote(p.Collate))
	}
	if p.Class != "" {
		fields = append(fields, "Class: "+strconv.Quote(p.Class))
	}
	return "op.Part{" + strings.Join(fields, ", ") + "}"
}

// CheckDef is a check constraint for CreateTable or AddCheck.
type CheckDef struct{ check schema.Check }

// Check declares a check constraint called name; expr is a SQL boolean
// expression valid on every dialect the migration runs on.
func Check(name, expr string) CheckDef { return CheckDef{schema.Check{Name: name, Expr: expr}} }

// Check returns the definition as a schema check.
func (c CheckDef) Check() schema.Check { return c.check }

func (CheckDef) tableItem() {}

// GoString renders the check as Go source.
func (c CheckDef) GoString() string {
	return fmt.Sprintf("op.Check(%s, %s)", strconv.Quote(c.check.Name), strconv.Quote(c.check.Expr))
}
