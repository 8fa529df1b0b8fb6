package op

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/matar-app/matardb/db/schema"
)

// CreateTableOp creates a table with its columns, keys, checks and indexes.
type CreateTableOp struct{ Table schema.Table }

// CreateTable creates table name. items are columns (Col) and at most one
// PrimaryKey, plus any ForeignKey, Check, Index and UniqueIndex.
func CreateTable(name string, items ...TableItem) CreateTableOp {
	t := schema.Table{Name: name}
	for _, it := range items {
		switch it := it.(type) {
		case ColumnDef:
			c := it.col
			t.Columns = append(t.Columns, &c)
		case PrimaryKeyDef:
			t.PrimaryKey = it.columns
		case ForeignKeyDef:
			f := it.fk
			t.ForeignKeys = append(t.ForeignKeys, &f)
		case CheckDef:
			k := it.check
			t.Checks = append(t.Checks, &k)
		case IndexDef:
			i := it.idx
			t.Indexes = append(t.Indexes, &i)
		}
	}
	for _, c := range t.Columns {
		if t.IsPrimaryKey(c.Name) {
			c.NotNull = true
		}
	}
	return CreateTableOp{t}
}

// tableOp makes the operation for an existing schema table.
func tableOp(t *schema.Table) CreateTableOp { return CreateTableOp{*t.Clone()} }

// Mutate adds the table to s at its place in name order, with its indexes,
// foreign keys and checks in name order (see schema.Schema.Insert and
// schema.Table.Sort). It sorts nothing else: s must be in the order
// schema.Schema.Sort leaves it, as every schema matardb builds or reads is,
// and stays so.
func (o CreateTableOp) Mutate(s *schema.Schema) error {
	if s.Table(o.Table.Name) != nil {
		return fmt.Errorf("create table %q: table already exists", o.Table.Name)
	}
	t := o.Table.Clone()
	t.Sort()
	s.Insert(t)
	return nil
}

// Reverse drops the table.
func (o CreateTableOp) Reverse(*schema.Schema) (Op, error) { return DropTable(o.Table.Name), nil }

// LosesData is false: a new table holds nothing.
func (o CreateTableOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source, one item a line.
func (o CreateTableOp) GoString() string {
	var b strings.Builder
	fmt.Fprintf(&b, "op.CreateTable(%s,\n", strconv.Quote(o.Table.Name))
	for _, c := range o.Table.Columns {
		fmt.Fprintf(&b, "%s,\n", colDef(*c).GoString())
	}
	if len(o.Table.PrimaryKey) > 0 {
		fmt.Fprintf(&b, "%s,\n", PrimaryKey(o.Table.PrimaryKey...).GoString())
	}
	for _, f := range o.Table.ForeignKeys {
		fmt.Fprintf(&b, "%s,\n", ForeignKeyDef{*f}.GoString())
	}
	for _, k := range o.Table.Checks {
		fmt.Fprintf(&b, "%s,\n", CheckDef{*k}.GoString())
	}
	for _, i := range o.Table.Indexes {
		fmt.Fprintf(&b, "%s,\n", IndexDef{*i}.GoString())
	}
	b.WriteString(")")
	return b.String()
}

// String describes the operation for people, as the CLI lists it.
func (o CreateTableOp) String() string { return fmt.Sprintf("create table %q", o.Table.Name) }

// DropTableOp drops a table.
type DropTableOp struct{ Name string }

// DropTable drops table name and, with it, its indexes and constraints.
func DropTable(name string) DropTableOp { return DropTableOp{name} }

// Mutate removes the table from s.
func (o DropTableOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Name, "drop table")
	if err != nil {
		return err
	}
	for _, other := range s.Tables {
		for _, f := range other.ForeignKeys {
			if f.RefTable == o.Name && other != t {
				return fmt.Errorf("drop table %q: foreign key %q of table %q still references it", o.Name, f.Name, other.Name)
			}
		}
	}
	s.Tables = removeTable(s.Tables, o.Name)
	return nil
}

// Reverse re-creates the table as it was, without its rows.
func (o DropTableOp) Reverse(before *schema.Schema) (Op, error) {
	t, err := table(before, o.Name, "reverse drop table")
	if err != nil {
		return nil, err
	}
	return tableOp(t), nil
}

// LosesData is true: the table's rows go with it.
func (o DropTableOp) LosesData(*schema.Schema) bool { return true }

// GoString renders the operation as Go source.
func (o DropTableOp) GoString() string { return fmt.Sprintf("op.DropTable(%s)", strconv.Quote(o.Name)) }

// String describes the operation for people, as the CLI lists it.
func (o DropTableOp) String() string { return fmt.Sprintf("drop table %q", o.Name) }

// RenameTableOp renames a table, keeping its rows.
type RenameTableOp struct{ From, To string }

// RenameTable renames table from to to. Foreign keys that reference it follow.
func RenameTable(from, to string) RenameTableOp { return RenameTableOp{from, to} }

// Mutate renames the table in s and in the foreign keys that reference it,
// and moves the table to its new place in name order. As with
// CreateTableOp, s must be in the order schema.Schema.Sort leaves it, and
// stays so: renaming a table changes no other name.
func (o RenameTableOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.From, "rename table")
	if err != nil {
		return err
	}
	if s.Table(o.To) != nil {
		return fmt.Errorf("rename table %q to %q: table %q already exists", o.From, o.To, o.To)
	}
	t.Name = o.To
	for _, other := range s.Tables {
		for _, f := range other.ForeignKeys {
			if f.RefTable == o.From {
				f.RefTable = o.To
			}
		}
	}
	s.Tables = removeTable(s.Tables, o.To)
	s.Insert(t)
	return nil
}

// Reverse renames the table back.
func (o RenameTableOp) Reverse(*schema.Schema) (Op, error) { return RenameTable(o.To, o.From), nil }

// LosesData is false.
func (o RenameTableOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o RenameTableOp) GoString() string {
	return fmt.Sprintf("op.RenameTable(%s, %s)", strconv.Quote(o.From), strconv.Quote(o.To))
}

// String describes the operation for people, as the CLI lists it.
func (o RenameTableOp) String() string { return fmt.Sprintf("rename table %q to %q", o.From, o.To) }

// table finds name in s or says, for what, that it does not exist.
func table(s *schema.Schema, name, what string) (*schema.Table, error) {
	if s == nil {
		return nil, fmt.Errorf("%s %q: no schema to read the table from", what, name)
	}
	t := s.Table(name)
	if t == nil {
		return nil, fmt.Errorf("%s %q: no such table", what, name)
	}
	return t, nil
}

func removeTable(tables []*schema.Table, name string) []*schema.Table {
	out := tables[:0]
	for _, t := range tables {
		if t.Name != name {
			out = append(out, t)
		}
	}
	return out
}
