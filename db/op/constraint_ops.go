package op

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/matar-app/matardb/db/schema"
)

// CreateIndexOp creates an index on a table.
type CreateIndexOp struct {
	Table string
	Index schema.Index
}

// CreateIndex creates idx (Index or UniqueIndex) on table.
func CreateIndex(table string, idx IndexDef) CreateIndexOp { return CreateIndexOp{table, idx.idx} }

// Mutate adds the index to s.
func (o CreateIndexOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "create index on")
	if err != nil {
		return err
	}
	if err := indexColumns(t, &o.Index); err != nil {
		return err
	}
	for _, other := range s.Tables {
		if other.Index(o.Index.Name) != nil {
			return fmt.Errorf("create index %q on %q: an index of that name exists on %q", o.Index.Name, o.Table, other.Name)
		}
	}
	i := o.Index
	i.Columns, i.Parts = slices.Clone(i.Columns), slices.Clone(i.Parts)
	t.Indexes = append(t.Indexes, &i)
	t.Sort()
	return nil
}

// Reverse drops the index.
func (o CreateIndexOp) Reverse(*schema.Schema) (Op, error) {
	return DropIndexOp{Table: o.Table, Name: o.Index.Name, Constraint: o.Index.Constraint}, nil
}

// LosesData is false.
func (o CreateIndexOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o CreateIndexOp) GoString() string {
	return fmt.Sprintf("op.CreateIndex(%s, %s)", strconv.Quote(o.Table), IndexDef{o.Index}.GoString())
}

// String describes the operation for people, as the CLI lists it.
func (o CreateIndexOp) String() string {
	kind := "index"
	if o.Index.Unique {
		kind = "unique index"
	}
	return fmt.Sprintf("create %s %q on %q %v", kind, o.Index.Name, o.Table, o.Index.Columns)
}

// DropIndexOp drops an index.
type DropIndexOp struct {
	Table, Name string
	// Constraint is true for the index of a UNIQUE constraint.
	Constraint bool
}

// DropIndex drops the index called name from table.
func DropIndex(table, name string) DropIndexOp { return DropIndexOp{Table: table, Name: name} }

// DropUniqueConstraint drops the UNIQUE constraint name of table (GORM's
// `unique` tag) and with it its index.
func DropUniqueConstraint(table, name string) DropIndexOp {
	return DropIndexOp{Table: table, Name: name, Constraint: true}
}

// Mutate removes the index from s.
func (o DropIndexOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "drop index from")
	if err != nil {
		return err
	}
	if t.Index(o.Name) == nil {
		return fmt.Errorf("drop index %q from %q: no such index", o.Name, o.Table)
	}
	t.Indexes = slices.DeleteFunc(t.Indexes, func(i *schema.Index) bool { return i.Name == o.Name })
	return nil
}

// Reverse re-creates the index as it was.
func (o DropIndexOp) Reverse(before *schema.Schema) (Op, error) {
	t, err := table(before, o.Table, "reverse drop index from")
	if err != nil {
		return nil, err
	}
	i := t.Index(o.Name)
	if i == nil {
		return nil, fmt.Errorf("reverse drop index %q from %q: no such index", o.Name, o.Table)
	}
	c := *i
	c.Columns, c.Parts = slices.Clone(i.Columns), slices.Clone(i.Parts)
	return CreateIndexOp{o.Table, c}, nil
}

// LosesData is false: an index holds no data of its own.
func (o DropIndexOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o DropIndexOp) GoString() string {
	if o.Constraint {
		return fmt.Sprintf("op.DropUniqueConstraint(%s, %s)", strconv.Quote(o.Table), strconv.Quote(o.Name))
	}
	return fmt.Sprintf("op.DropIndex(%s, %s)", strconv.Quote(o.Table), strconv.Quote(o.Name))
}

// String describes the operation for people, as the CLI lists it.
func (o DropIndexOp) String() string { return fmt.Sprintf("drop index %q from %q", o.Name, o.Table) }

// AddForeignKeyOp adds a foreign key constraint.
type AddForeignKeyOp struct {
	Table      string
	ForeignKey schema.ForeignKey
}

// AddForeignKey adds fk to table.
func AddForeignKey(table string, fk ForeignKeyDef) AddForeignKeyOp {
	return AddForeignKeyOp{table, fk.fk}
}

// Mutate adds the foreign key to s.
func (o AddForeignKeyOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "add foreign key to")
	if err != nil {
		return err
	}
	what := "foreign key " + strconv.Quote(o.ForeignKey.Name)
	if t.ForeignKey(o.ForeignKey.Name) != nil {
		return fmt.Errorf("add %s to %q: it already exists", what, o.Table)
	}
	if err := hasColumns(t, o.ForeignKey.Columns, what); err != nil {
		return err
	}
	ref, err := table(s, o.ForeignKey.RefTable, "add "+what+" referencing")
	if err != nil {
		return err
	}
	if err := hasColumns(ref, o.ForeignKey.RefColumns, what); err != nil {
		return err
	}
	f := o.ForeignKey
	f.Columns, f.RefColumns = slices.Clone(f.Columns), slices.Clone(f.RefColumns)
	t.ForeignKeys = append(t.ForeignKeys, &f)
	t.Sort()
	return nil
}

// Reverse drops the foreign key.
func (o AddForeignKeyOp) Reverse(*schema.Schema) (Op, error) {
	return DropForeignKey(o.Table, o.ForeignKey.Name), nil
}

// LosesData is false.
func (o AddForeignKeyOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o AddForeignKeyOp) GoString() string {
	return fmt.Sprintf("op.AddForeignKey(%s, %s)", strconv.Quote(o.Table), ForeignKeyDef{o.ForeignKey}.GoString())
}

// String describes the operation for people, as the CLI lists it.
func (o AddForeignKeyOp) String() string {
	return fmt.Sprintf("add foreign key %q on %q %v -> %q %v", o.ForeignKey.Name, o.Table,
		o.ForeignKey.Columns, o.ForeignKey.RefTable, o.ForeignKey.RefColumns)
}

// DropForeignKeyOp drops a foreign key constraint.
type DropForeignKeyOp struct{ Table, Name string }

// DropForeignKey drops the foreign key called name from table.
func DropForeignKey(table, name string) DropForeignKeyOp { return DropForeignKeyOp{table, name} }

// Mutate removes the foreign key from s.
func (o DropForeignKeyOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "drop foreign key from")
	if err != nil {
		return err
	}
	if t.ForeignKey(o.Name) == nil {
		return fmt.Errorf("drop foreign key %q from %q: no such foreign key", o.Name, o.Table)
	}
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(f *schema.ForeignKey) bool { return f.Name == o.Name })
	return nil
}

// Reverse adds the foreign key back as it was.
func (o DropForeignKeyOp) Reverse(before *schema.Schema) (Op, error) {
	t, err := table(before, o.Table, "reverse drop foreign key from")
	if err != nil {
		return nil, err
	}
	f := t.ForeignKey(o.Name)
	if f == nil {
		return nil, fmt.Errorf("reverse drop foreign key %q from %q: no such foreign key", o.Name, o.Table)
	}
	c := *f
	c.Columns, c.RefColumns = slices.Clone(f.Columns), slices.Clone(f.RefColumns)
	return AddForeignKeyOp{o.Table, c}, nil
}

// LosesData is false.
func (o DropForeignKeyOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o DropForeignKeyOp) GoString() string {
	return fmt.Sprintf("op.DropForeignKey(%s, %s)", strconv.Quote(o.Table), strconv.Quote(o.Name))
}

// String describes the operation for people, as the CLI lists it.
func (o DropForeignKeyOp) String() string {
	return fmt.Sprintf("drop foreign key %q from %q", o.Name, o.Table)
}

// AddCheckOp adds a check constraint.
type AddCheckOp struct {
	Table string
	Check schema.Check
}

// AddCheck adds check to table.
func AddCheck(table string, check CheckDef) AddCheckOp { return AddCheckOp{table, check.check} }

// Mutate adds the check to s.
func (o AddCheckOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "add check to")
	if err != nil {
		return err
	}
	if t.Check(o.Check.Name) != nil {
		return fmt.Errorf("add check %q to %q: it already exists", o.Check.Name, o.Table)
	}
	k := o.Check
	t.Checks = append(t.Checks, &k)
	t.Sort()
	return nil
}

// Reverse drops the check.
func (o AddCheckOp) Reverse(*schema.Schema) (Op, error) { return DropCheck(o.Table, o.Check.Name), nil }

// LosesData is false.
func (o AddCheckOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o AddCheckOp) GoString() string {
	return fmt.Sprintf("op.AddCheck(%s, %s)", strconv.Quote(o.Table), CheckDef{o.Check}.GoString())
}

// String describes the operation for people, as the CLI lists it.
func (o AddCheckOp) String() string { return fmt.Sprintf("add check %q to %q", o.Check.Name, o.Table) }

// DropCheckOp drops a check constraint.
type DropCheckOp struct{ Table, Name string }

// DropCheck drops the check constraint called name from table.
func DropCheck(table, name string) DropCheckOp { return DropCheckOp{table, name} }

// Mutate removes the check from s.
func (o DropCheckOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "drop check from")
	if err != nil {
		return err
	}
	if t.Check(o.Name) == nil {
		return fmt.Errorf("drop check %q from %q: no such check", o.Name, o.Table)
	}
	t.Checks = slices.DeleteFunc(t.Checks, func(k *schema.Check) bool { return k.Name == o.Name })
	return nil
}

// Reverse adds the check back as it was.
func (o DropCheckOp) Reverse(before *schema.Schema) (Op, error) {
	t, err := table(before, o.Table, "reverse drop check from")
	if err != nil {
		return nil, err
	}
	k := t.Check(o.Name)
	if k == nil {
		return nil, fmt.Errorf("reverse drop check %q from %q: no such check", o.Name, o.Table)
	}
	return AddCheckOp{o.Table, *k}, nil
}

// LosesData is false.
func (o DropCheckOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o DropCheckOp) GoString() string {
	return fmt.Sprintf("op.DropCheck(%s, %s)", strconv.Quote(o.Table), strconv.Quote(o.Name))
}

// String describes the operation for people, as the CLI lists it.
func (o DropCheckOp) String() string { return fmt.Sprintf("drop check %q from %q", o.Name, o.Table) }

// hasColumns checks that every column of names exists in t.
func hasColumns(t *schema.Table, names []string, what string) error {
	if len(names) == 0 {
		return fmt.Errorf("%s on %q: no columns", what, t.Name)
	}
	for _, n := range names {
		if t.Column(n) == nil {
			return fmt.Errorf("%s on %q: no column %q", what, t.Name, n)
		}
	}
	return nil
}

// indexColumns checks that the index has key parts and that the column of
// each part over a column (not an expression) exists.
func indexColumns(t *schema.Table, i *schema.Index) error {
	what := "index " + strconv.Quote(i.Name)
	if len(i.Columns) == 0 {
		return fmt.Errorf("%s on %q: no columns", what, t.Name)
	}
	for n, col := range i.Columns {
		if col == "" && i.Part(n).Expression == "" {
			return fmt.Errorf("%s on %q: key part %d has neither a column nor an expression", what, t.Name, n+1)
		}
		if col != "" && t.Column(col) == nil {
			return fmt.Errorf("%s on %q: no column %q", what, t.Name, col)
		}
	}
	return nil
}
