package op

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/matar-app/matardb/db/schema"
)

// AddColumnOp adds a column to a table.
type AddColumnOp struct {
	Table  string
	Column schema.Column
	// Fill is the SQL value that existing rows get when a NOT NULL column
	// without a default is added; see Backfill.
	Fill string
}

// AddColumn adds col to table. A NOT NULL column without a default needs
// Backfill when the table may hold rows.
func AddColumn(table string, col ColumnDef) AddColumnOp {
	return AddColumnOp{Table: table, Column: col.col}
}

// Backfill sets the value (a SQL expression) that rows already in the table
// get for the new column. The column keeps no default afterwards.
func (o AddColumnOp) Backfill(expr string) AddColumnOp { o.Fill = expr; return o }

// Mutate adds the column at the end of the table.
func (o AddColumnOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "add column to")
	if err != nil {
		return err
	}
	if t.Column(o.Column.Name) != nil {
		return fmt.Errorf("add column %q to %q: column already exists", o.Column.Name, o.Table)
	}
	c := o.Column
	t.Columns = append(t.Columns, &c)
	return nil
}

// Reverse drops the column.
func (o AddColumnOp) Reverse(*schema.Schema) (Op, error) {
	return DropColumn(o.Table, o.Column.Name), nil
}

// LosesData is false.
func (o AddColumnOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o AddColumnOp) GoString() string {
	s := fmt.Sprintf("op.AddColumn(%s, %s)", strconv.Quote(o.Table), colDef(o.Column).GoString())
	if o.Fill != "" {
		s += fmt.Sprintf(".Backfill(%s)", strconv.Quote(o.Fill))
	}
	return s
}

// String describes the operation for people, as the CLI lists it.
func (o AddColumnOp) String() string {
	return fmt.Sprintf("add column %q.%q %s", o.Table, o.Column.Name, o.Column.Type)
}

// DropColumnOp drops a column.
type DropColumnOp struct{ Table, Column string }

// DropColumn drops column from table.
func DropColumn(table, column string) DropColumnOp { return DropColumnOp{table, column} }

// Mutate removes the column, and the indexes that cover it, from s.
func (o DropColumnOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "drop column from")
	if err != nil {
		return err
	}
	i := t.ColumnIndex(o.Column)
	if i < 0 {
		return fmt.Errorf("drop column %q from %q: no such column", o.Column, o.Table)
	}
	if t.IsPrimaryKey(o.Column) {
		return fmt.Errorf("drop column %q from %q: it is part of the primary key", o.Column, o.Table)
	}
	for _, f := range t.ForeignKeys {
		if slices.Contains(f.Columns, o.Column) {
			return fmt.Errorf("drop column %q from %q: foreign key %q uses it; drop that first", o.Column, o.Table, f.Name)
		}
	}
	for _, other := range s.Tables {
		for _, f := range other.ForeignKeys {
			if f.RefTable == o.Table && slices.Contains(f.RefColumns, o.Column) {
				return fmt.Errorf("drop column %q from %q: foreign key %q of %q references it", o.Column, o.Table, f.Name, other.Name)
			}
		}
	}
	t.Columns = slices.Delete(t.Columns, i, i+1)
	t.Indexes = slices.DeleteFunc(t.Indexes, func(x *schema.Index) bool { return slices.Contains(x.Columns, o.Column) })
	t.Checks = slices.DeleteFunc(t.Checks, func(k *schema.Check) bool { return mentions(k.Expr, o.Column) })
	return nil
}

// mentions reports whether the SQL expression expr names column, bare or
// double-quoted. PostgreSQL drops the checks on a column it drops, and a
// SQLite rebuild must not copy them, so DropColumn forgets them too.
func mentions(expr, column string) bool {
	if strings.Contains(expr, `"`+column+`"`) {
		return true
	}
	ident := func(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := strings.Index(expr, column); i >= 0; {
		end := i + len(column)
		before, _ := utf8.DecodeLastRuneInString(expr[:i])
		after, _ := utf8.DecodeRuneInString(expr[end:])
		if (i == 0 || !ident(before)) && (end == len(expr) || !ident(after)) {
			return true
		}
		next := strings.Index(expr[i+1:], column)
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// Reverse adds the column back as it was (its data is gone).
func (o DropColumnOp) Reverse(before *schema.Schema) (Op, error) {
	t, err := table(before, o.Table, "reverse drop column from")
	if err != nil {
		return nil, err
	}
	c := t.Column(o.Column)
	if c == nil {
		return nil, fmt.Errorf("reverse drop column %q from %q: no such column", o.Column, o.Table)
	}
	return AddColumnOp{Table: o.Table, Column: *c}, nil
}

// LosesData is true: the column's values go with it.
func (o DropColumnOp) LosesData(*schema.Schema) bool { return true }

// GoString renders the operation as Go source.
func (o DropColumnOp) GoString() string {
	return fmt.Sprintf("op.DropColumn(%s, %s)", strconv.Quote(o.Table), strconv.Quote(o.Column))
}

// String describes the operation for people, as the CLI lists it.
func (o DropColumnOp) String() string { return fmt.Sprintf("drop column %q.%q", o.Table, o.Column) }

// RenameColumnOp renames a column, keeping its values.
type RenameColumnOp struct{ Table, From, To string }

// RenameColumn renames column from to to in table.
func RenameColumn(table, from, to string) RenameColumnOp { return RenameColumnOp{table, from, to} }

// Mutate renames the column in s, in the table's keys and indexes and in the
// foreign keys that reference it.
func (o RenameColumnOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "rename column in")
	if err != nil {
		return err
	}
	c := t.Column(o.From)
	if c == nil {
		return fmt.Errorf("rename column %q in %q: no such column", o.From, o.Table)
	}
	if t.Column(o.To) != nil {
		return fmt.Errorf("rename column %q to %q in %q: column %q already exists", o.From, o.To, o.Table, o.To)
	}
	c.Name = o.To
	rename := func(names []string) {
		for i, n := range names {
			if n == o.From {
				names[i] = o.To
			}
		}
	}
	rename(t.PrimaryKey)
	for _, i := range t.Indexes {
		rename(i.Columns)
	}
	for _, f := range t.ForeignKeys {
		rename(f.Columns)
	}
	for _, other := range s.Tables {
		for _, f := range other.ForeignKeys {
			if f.RefTable == o.Table {
				rename(f.RefColumns)
			}
		}
	}
	return nil
}

// Reverse renames the column back.
func (o RenameColumnOp) Reverse(*schema.Schema) (Op, error) {
	return RenameColumn(o.Table, o.To, o.From), nil
}

// LosesData is false.
func (o RenameColumnOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o RenameColumnOp) GoString() string {
	return fmt.Sprintf("op.RenameColumn(%s, %s, %s)", strconv.Quote(o.Table), strconv.Quote(o.From), strconv.Quote(o.To))
}

// String describes the operation for people, as the CLI lists it.
func (o RenameColumnOp) String() string {
	return fmt.Sprintf("rename column %q.%q to %q", o.Table, o.From, o.To)
}

// AlterColumnOp changes a column's type, nullability, default or comment.
// Nil fields are left as they are.
type AlterColumnOp struct {
	Table, Column string
	Type          *schema.Type
	NotNull       *bool
	Default       *string // "" drops the default
	Comment       *string // "" drops the comment
	// AutoIncrement turns the database's numbering of the column on or off.
	AutoIncrement *bool
	// Fill is the SQL value that rows holding NULL get before the column
	// becomes NOT NULL; see Backfill.
	Fill string
}

// AlterColumn starts a change of column in table; chain SetType,
// SetNotNull, SetDefault, DropDefault or SetComment.
func AlterColumn(table, column string) AlterColumnOp {
	return AlterColumnOp{Table: table, Column: column}
}

// SetType changes the column's type.
func (o AlterColumnOp) SetType(t schema.Type) AlterColumnOp { o.Type = &t; return o }

// SetNotNull makes the column NOT NULL (true) or nullable (false).
func (o AlterColumnOp) SetNotNull(notNull bool) AlterColumnOp { o.NotNull = &notNull; return o }

// SetDefault sets the column's server default to a SQL expression.
func (o AlterColumnOp) SetDefault(expr string) AlterColumnOp {
	d := schema.CanonicalDefault(expr)
	o.Default = &d
	return o
}

// Backfill sets the value (a SQL expression) that rows holding NULL get
// before SetNotNull(true) makes the column NOT NULL, which they would
// otherwise make fail. The rollback leaves the values filled in.
func (o AlterColumnOp) Backfill(expr string) AlterColumnOp { o.Fill = expr; return o }

// DropDefault removes the column's server default.
func (o AlterColumnOp) DropDefault() AlterColumnOp { d := ""; o.Default = &d; return o }

// SetAutoIncrement turns auto-increment on (the database numbers new
// rows, continuing after the largest value) or off.
func (o AlterColumnOp) SetAutoIncrement(on bool) AlterColumnOp { o.AutoIncrement = &on; return o }

// SetComment sets (or with "" removes) the column's comment.
func (o AlterColumnOp) SetComment(text string) AlterColumnOp { o.Comment = &text; return o }

// Apply returns c with the change made.
func (o AlterColumnOp) Apply(c schema.Column) schema.Column {
	if o.Type != nil {
		c.Type = *o.Type
	}
	if o.NotNull != nil {
		c.NotNull = *o.NotNull
	}
	if o.Default != nil {
		c.Default = *o.Default
	}
	if o.Comment != nil {
		c.Comment = *o.Comment
	}
	if o.AutoIncrement != nil {
		c.AutoIncrement = *o.AutoIncrement
	}
	return c
}

// Mutate changes the column in s.
func (o AlterColumnOp) Mutate(s *schema.Schema) error {
	c, err := o.column(s)
	if err != nil {
		return err
	}
	*c = o.Apply(*c)
	return nil
}

func (o AlterColumnOp) column(s *schema.Schema) (*schema.Column, error) {
	t, err := table(s, o.Table, "alter column in")
	if err != nil {
		return nil, err
	}
	c := t.Column(o.Column)
	if c == nil {
		return nil, fmt.Errorf("alter column %q in %q: no such column", o.Column, o.Table)
	}
	return c, nil
}

// Reverse sets back what the change alters, as it was in before.
func (o AlterColumnOp) Reverse(before *schema.Schema) (Op, error) {
	c, err := o.column(before)
	if err != nil {
		return nil, err
	}
	r := AlterColumn(o.Table, o.Column)
	if o.Type != nil {
		r = r.SetType(c.Type)
	}
	if o.NotNull != nil {
		r = r.SetNotNull(c.NotNull)
	}
	if o.Default != nil {
		d := c.Default
		r.Default = &d
	}
	if o.Comment != nil {
		r = r.SetComment(c.Comment)
	}
	if o.AutoIncrement != nil {
		r = r.SetAutoIncrement(c.AutoIncrement)
	}
	return r, nil
}

// LosesData is true when the type narrows (see schema.Type.Narrows).
func (o AlterColumnOp) LosesData(before *schema.Schema) bool {
	if o.Type == nil {
		return false
	}
	c, err := o.column(before)
	return err != nil || c.Type.Narrows(*o.Type)
}

// GoString renders the operation as Go source.
func (o AlterColumnOp) GoString() string {
	var b strings.Builder
	fmt.Fprintf(&b, "op.AlterColumn(%s, %s)", strconv.Quote(o.Table), strconv.Quote(o.Column))
	if o.Type != nil {
		fmt.Fprintf(&b, ".SetType(%s)", goType(*o.Type))
	}
	if o.NotNull != nil {
		fmt.Fprintf(&b, ".SetNotNull(%t)", *o.NotNull)
	}
	if o.Default != nil {
		if *o.Default == "" {
			b.WriteString(".DropDefault()")
		} else {
			fmt.Fprintf(&b, ".SetDefault(%s)", strconv.Quote(*o.Default))
		}
	}
	if o.Comment != nil {
		fmt.Fprintf(&b, ".SetComment(%s)", strconv.Quote(*o.Comment))
	}
	if o.AutoIncrement != nil {
		fmt.Fprintf(&b, ".SetAutoIncrement(%t)", *o.AutoIncrement)
	}
	if o.Fill != "" {
		fmt.Fprintf(&b, ".Backfill(%s)", strconv.Quote(o.Fill))
	}
	return b.String()
}

// String describes the operation for people, as the CLI lists it.
func (o AlterColumnOp) String() string {
	var parts []string
	if o.Type != nil {
		parts = append(parts, "type "+o.Type.String())
	}
	if o.NotNull != nil {
		parts = append(parts, map[bool]string{true: "not null", false: "nullable"}[*o.NotNull])
	}
	if o.Fill != "" {
		parts = append(parts, "NULLs set to "+o.Fill)
	}
	if o.Default != nil {
		parts = append(parts, "default "+cmpOr(*o.Default, "none"))
	}
	if o.Comment != nil {
		parts = append(parts, "comment")
	}
	if o.AutoIncrement != nil {
		parts = append(parts, map[bool]string{true: "auto-increment", false: "no auto-increment"}[*o.AutoIncrement])
	}
	return fmt.Sprintf("alter column %q.%q: %s", o.Table, o.Column, strings.Join(parts, ", "))
}

func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
