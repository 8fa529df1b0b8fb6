// Package autogen writes migrations from the difference between two schemas:
// the one the migration history builds (its snapshot) and the one the
// models describe, as `alembic revision --autogenerate` does, with no
// database.
//
// Diff is the pure core: two schemas in, the operations that turn one into
// the other and back out, in a safe order. Safe rewrites a plan into the
// lock-safe form for tables that already hold rows on a busy PostgreSQL
// (CONCURRENTLY, NOT VALID then VALIDATE, batches), which Revision writes
// unless NoSafePlans; Render turns operations into a
// gofmt'd migration file in memory; Revision and Check are the workflows the
// command line runs on top of them: the models are read by package
// gormschema, the migrations directory (snapshot, sum file, new files) is
// package migdir's, and the history is known only by its order of IDs
// (lineage.Chain), so the package opens no database and links no
// gormigrate. Its functions keep no state and are safe for concurrent use;
// two Revisions must not write into one directory at once.
package autogen

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// Options steer Diff. The zero value detects no renames and has no backfill
// values.
type Options struct {
	// TableRenames maps a new table name to its old name. A hint whose old
	// table is not in the old schema is ignored, so the hint may stay in
	// the models after the migration that used it.
	TableRenames map[string]string
	// ColumnRenames maps table (new name) -> new column -> old column. As
	// with TableRenames, a hint whose old column is not there is ignored.
	ColumnRenames map[string]map[string]string
	// Backfill maps "table.column" to the SQL value existing rows get when a
	// NOT NULL column without default is added to an existing table.
	Backfill map[string]string
}

// Plan is the result of Diff. Up turns the old schema into the new one;
// Down turns the new one back into the old one (each operation of Up
// reversed against the schema before it, in reverse order).
type Plan struct {
	Up, Down []op.Op
	// DataLoss lists the operations of Up that can lose data (op.Op's
	// LosesData against the schema before them), in Up's order.
	DataLoss []op.Op
	// Suggestions are hints for the person generating the migration: a
	// dropped and an added column or table that may be a rename.
	Suggestions []Suggestion
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return p == nil || len(p.Up) == 0 }

// BackfillError is returned by Diff when NOT NULL columns without a default
// are added to tables that already exist (and so may hold rows), or
// nullable columns without a default become NOT NULL, and
// Options.Backfill has no value for them.
type BackfillError struct {
	// Columns are the columns lacking a value, as "table.column", sorted.
	Columns []string
}

func (e *BackfillError) Error() string {
	return fmt.Sprintf("new NOT NULL columns, and columns becoming NOT NULL, without a default need a value for the rows already in their tables: %s",
		strings.Join(e.Columns, ", "))
}

// Diff compares from (the schema the history builds) with to (the schema
// wanted) and returns the plan that turns one into the other. It changes
// neither schema and is deterministic: the same schemas and options give
// the same plan. Column order, the spelling of defaults and referential
// actions, and the spacing of check expressions are not differences.
//
// Up is in this order, which keeps every step valid on a database:
//
//  1. table renames, then column renames (from Options); a check that
//     names a column being renamed is dropped before the rename and added
//     back in step 10, since a schema cannot rewrite its expression;
//  2. drop foreign keys that change or go, and those that point at tables
//     that go;
//  3. drop checks and indexes that change or go;
//  4. create tables, referenced tables first; a foreign key to a table
//     created later (a cycle) is added in step 11 instead;
//  5. add columns (in the new table's column order);
//  6. alter columns: one AlterColumn per column, whatever changed;
//  7. drop tables, the ones that reference others first;
//  8. drop columns;
//  9. create indexes (and with them unique constraints);
//  10. add checks;
//  11. add foreign keys.
//
// Within a step, operations go by table name, then by name. Diff replays
// Up on from and Down on the result, and returns an error if they do not
// give to and from again: that is a bug guard. It returns a
// *BackfillError when a NOT NULL column without a default is added to an
// existing table and Options.Backfill has no value for it, and an error for
// changes no operation makes (a changed primary key) or bad rename hints.
//
// Down re-adds a dropped NOT NULL column without a default with a backfill
// of its type's zero value (an empty string, 0, false, the current time), so that a
// rollback works on a table that holds rows; the dropped values are lost
// either way, which DataLoss reports.
func Diff(from, to *schema.Schema, opts Options) (*Plan, error) {
	if from != nil && reflect.DeepEqual(from, to) {
		// Nothing to plan, what check asks of every model set once a
		// migration makes it (the snapshot and the models read the same
		// way): equal schemas need only be valid.
		if err := validateSchema(canonicalSchema(to)); err != nil {
			return nil, fmt.Errorf("new schema: %w", err)
		}
		return &Plan{}, nil
	}
	old, want := canonicalSchema(from), canonicalSchema(to)
	if err := validateSchema(old); err != nil {
		return nil, fmt.Errorf("old schema: %w", err)
	}
	if err := validateSchema(want); err != nil {
		return nil, fmt.Errorf("new schema: %w", err)
	}
	if reflect.DeepEqual(old, want) {
		// Equal once canonical: nothing to walk.
		return &Plan{}, nil
	}
	cur := old.Clone()
	d := &differ{cur: cur, to: want, curTables: indexTables(cur), toTables: indexTables(want), opts: opts}
	if err := d.run(); err != nil {
		return nil, err
	}
	if len(d.unfilled) > 0 {
		slices.Sort(d.unfilled)
		return nil, &BackfillError{Columns: d.unfilled}
	}
	return replay(old, want, d.ordered(), d.suggestions)
}

// differ collects the operations of a plan by step.
type differ struct {
	cur         *schema.Schema // the old schema, renames applied as they are planned
	to          *schema.Schema
	opts        Options
	steps       [numSteps][]op.Op
	unfilled    []string // "table.column" lacking a backfill value
	suggestions []Suggestion

	// curTables and toTables find the tables of cur and to by name; the
	// table renames keep curTables in step with cur.
	curTables, toTables tableIndex
}

func (d *differ) emit(s step, o op.Op) { d.steps[s] = append(d.steps[s], o) }

// tableIndex maps the names of one schema's tables to them, so that the
// diff and its validation find a table in constant time rather than by
// scanning Schema.Tables, which made them quadratic in the number of
// tables. It lives for one Diff or one validation, which keep it in step
// with the changes they make: a Schema stays a plain struct whose Tables
// its callers change freely.
type tableIndex map[string]*schema.Table

// indexTables indexes the tables of s; as Schema.Table does, the first of
// two tables with one name wins.
func indexTables(s *schema.Schema) tableIndex {
	idx := make(tableIndex, len(s.Tables))
	for _, t := range s.Tables {
		if _, dup := idx[t.Name]; !dup {
			idx[t.Name] = t
		}
	}
	return idx
}

func (d *differ) run() error {
	if err := d.renameTables(); err != nil {
		return err
	}
	if err := d.renameColumns(); err != nil {
		return err
	}
	for _, t := range d.to.Tables {
		if ct := d.curTables[t.Name]; ct != nil {
			if err := d.table(ct, t); err != nil {
				return err
			}
		}
	}
	d.createTables()
	d.dropTables()
	d.suggestTableRenames()
	return nil
}

// table plans the changes of a table that is in both schemas.
func (d *differ) table(ct, t *schema.Table) error {
	if !slices.Equal(ct.PrimaryKey, t.PrimaryKey) {
		return fmt.Errorf("table %q: the primary key changes from %v to %v, which autogenerate does not do; write that migration by hand", t.Name, ct.PrimaryKey, t.PrimaryKey)
	}
	d.columns(ct, t)
	d.indexes(ct, t)
	d.foreignKeys(ct, t)
	d.checks(ct, t)
	return nil
}

// columns plans added, altered and dropped columns.
func (d *differ) columns(ct, t *schema.Table) {
	var added, dropped []*schema.Column
	for _, c := range t.Columns {
		if ct.Column(c.Name) == nil {
			added = append(added, c)
			d.addColumn(t.Name, c)
		}
	}
	for _, c := range byName(t.Columns) {
		if old := ct.Column(c.Name); old != nil && !sameColumn(old, c) {
			d.emit(stepAlterColumn, d.tighten(t.Name, old, c, alterColumn(t.Name, old, c)))
		}
	}
	for _, c := range byName(ct.Columns) {
		if t.Column(c.Name) == nil {
			dropped = append(dropped, c)
			d.emit(stepDropColumn, op.DropColumn(t.Name, c.Name))
		}
	}
	d.suggestColumnRenames(t.Name, dropped, added)
}

func byName(cols []*schema.Column) []*schema.Column {
	s := slices.Clone(cols)
	slices.SortFunc(s, func(a, b *schema.Column) int { return strings.Compare(a.Name, b.Name) })
	return s
}

// addColumn plans adding c to the existing table, with the backfill value
// a NOT NULL column without default needs.
func (d *differ) addColumn(table string, c *schema.Column) {
	add := op.AddColumnOp{Table: table, Column: *c}
	if c.NotNull && c.Default == "" && !c.AutoIncrement {
		key := table + "." + c.Name
		fill, ok := d.opts.Backfill[key]
		if !ok {
			d.unfilled = append(d.unfilled, key)
		}
		add = add.Backfill(fill)
	}
	d.emit(stepAddColumn, add)
}

// alterColumn returns the one AlterColumn that turns old into c.
func alterColumn(table string, old, c *schema.Column) op.AlterColumnOp {
	a := op.AlterColumn(table, c.Name)
	if old.Type != c.Type {
		a = a.SetType(c.Type)
	}
	if old.NotNull != c.NotNull {
		a = a.SetNotNull(c.NotNull)
	}
	if old.Default != c.Default {
		d := c.Default
		a.Default = &d
	}
	if old.Comment != c.Comment {
		a = a.SetComment(c.Comment)
	}
	if old.AutoIncrement != c.AutoIncrement {
		a = a.SetAutoIncrement(c.AutoIncrement)
	}
	return a
}

// indexes plans dropped, created and changed indexes; a change is a drop
// and a create.
func (d *differ) indexes(ct, t *schema.Table) {
	for _, i := range ct.Indexes {
		if n := t.Index(i.Name); n == nil || !sameIndex(i, n) {
			d.emit(stepDropIndex, op.DropIndexOp{Table: t.Name, Name: i.Name, Constraint: i.Constraint})
		}
	}
	for _, i := range t.Indexes {
		if o := ct.Index(i.Name); o == nil || !sameIndex(o, i) {
			d.emit(stepCreateIndex, op.CreateIndexOp{Table: t.Name, Index: *i})
		}
	}
}

// foreignKeys plans dropped, added and changed foreign keys.
func (d *differ) foreignKeys(ct, t *schema.Table) {
	for _, f := range ct.ForeignKeys {
		if n := t.ForeignKey(f.Name); n == nil || !sameForeignKey(f, n) {
			d.emit(stepDropForeignKey, op.DropForeignKey(t.Name, f.Name))
		}
	}
	for _, f := range t.ForeignKeys {
		if o := ct.ForeignKey(f.Name); o == nil || !sameForeignKey(o, f) {
			d.emit(stepAddForeignKey, op.AddForeignKeyOp{Table: t.Name, ForeignKey: *f})
		}
	}
}

// checks plans dropped, added and changed check constraints.
func (d *differ) checks(ct, t *schema.Table) {
	for _, k := range ct.Checks {
		if n := t.Check(k.Name); n == nil || !sameCheck(k, n) {
			d.emit(stepDropIndex, op.DropCheck(t.Name, k.Name))
		}
	}
	for _, k := range t.Checks {
		if o := ct.Check(k.Name); o == nil || !sameCheck(o, k) {
			d.emit(stepAddCheck, op.AddCheckOp{Table: t.Name, Check: *k})
		}
	}
}
