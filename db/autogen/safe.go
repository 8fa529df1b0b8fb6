package autogen

import (
	"fmt"
	"regexp"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// SafeForm is a plan rewritten so that it does not block a busy
// PostgreSQL table for longer than a moment (see Safe).
type SafeForm struct {
	Up, Down []op.Op
	// NoTransaction is true when an operation of Up or Down must run
	// outside the migration's transaction (op.RunsOutsideTransaction): the
	// migration is then NoTransaction, and op.Apply runs each group of the
	// other operations in a transaction of its own.
	NoTransaction bool
	// Notes are comments for the operations of Up, by position: the
	// warning on a type change that rewrites the table.
	Notes map[int][]string
}

// Safe rewrites the plan p, made against before, into its lock-safe form.
// Operations on a table that already exists (one an earlier migration
// created, which may hold rows and traffic) change as follows; those on
// tables the plan creates keep their plain form, as does everything on
// SQLite, where the safe operations render as the plain ones.
//
//   - CreateIndex becomes CreateIndexConcurrently, DropIndex
//     DropIndexConcurrently; a UNIQUE constraint is built as a unique index
//     CONCURRENTLY, then attached with AddUniqueUsingIndex.
//   - AddForeignKey and AddCheck become their NotValid forms followed by
//     ValidateConstraint.
//   - Making a column NOT NULL becomes a check (col IS NOT NULL) added NOT
//     VALID, validated, SET NOT NULL (which then skips its scan) and the
//     check dropped. With a backfill value (AlterColumnOp.Fill) the rows
//     holding NULL get it first, by FillInBatches, so that the check
//     validates.
//   - A new NOT NULL column with a backfill value is added with that value
//     as its default and the default dropped, when the value is a constant;
//     otherwise it is added nullable, filled by FillInBatches and made NOT
//     NULL as above.
//   - A type change that rewrites the table is kept, with a warning note
//     that describes expand and contract.
//
// Down is rewritten the same way against the schema Up leaves. Safe is
// pure and fails only on a plan that does not fit before (a bug).
func Safe(before *schema.Schema, p *Plan) (*SafeForm, error) {
	s := &safer{cur: before.Clone(), notes: map[int][]string{}}
	if s.cur == nil {
		s.cur = &schema.Schema{}
	}
	s.cur.Sort() // the order the operations keep (see op.Op), whatever the caller's
	up, err := s.pass(p.Up)
	if err != nil {
		return nil, err
	}
	notes := s.notes
	down, err := s.pass(p.Down)
	if err != nil {
		return nil, err
	}
	f := &SafeForm{Up: up, Down: down, Notes: notes}
	for _, o := range append(append([]op.Op{}, up...), down...) {
		f.NoTransaction = f.NoTransaction || op.RunsOutsideTransaction(o)
	}
	return f, nil
}

// safer rewrites one direction of a plan, keeping the schema current.
type safer struct {
	cur     *schema.Schema
	created map[string]bool // tables this direction created
	out     []op.Op
	notes   map[int][]string
}

func (s *safer) pass(ops []op.Op) ([]op.Op, error) {
	s.created, s.out, s.notes = map[string]bool{}, nil, map[int][]string{}
	for _, o := range ops {
		for _, r := range s.rewrite(o) {
			if err := r.Mutate(s.cur); err != nil {
				return nil, internalError("the safe plan does not apply", fmt.Errorf("%s: %w", r, err))
			}
			s.out = append(s.out, r)
		}
	}
	return s.out, nil
}

// existing reports whether table was there before this direction began.
func (s *safer) existing(table string) bool { return !s.created[table] }

// rewrite returns the safe form of o against s.cur.
func (s *safer) rewrite(o op.Op) []op.Op {
	switch o := o.(type) {
	case op.CreateTableOp:
		s.created[o.Table.Name] = true
	case op.RenameTableOp:
		s.created[o.To] = s.created[o.From]
	case op.CreateIndexOp:
		if s.existing(o.Table) {
			return createIndex(o)
		}
	case op.DropIndexOp:
		if s.existing(o.Table) && !o.Constraint { // a constraint's index goes with DROP CONSTRAINT
			return []op.Op{op.DropIndexConcurrently(o.Table, o.Name)}
		}
	case op.AddForeignKeyOp:
		if s.existing(o.Table) {
			return []op.Op{op.AddForeignKeyNotValidOp(o), op.ValidateConstraint(o.Table, o.ForeignKey.Name)}
		}
	case op.AddCheckOp:
		if s.existing(o.Table) {
			return []op.Op{op.AddCheckNotValidOp(o), op.ValidateConstraint(o.Table, o.Check.Name)}
		}
	case op.AlterColumnOp:
		if s.existing(o.Table) {
			return s.alterColumn(o)
		}
	case op.AddColumnOp:
		if s.existing(o.Table) && o.Fill != "" && o.Column.NotNull {
			return addFilled(o)
		}
	}
	return []op.Op{o}
}

// alterColumn notes a rewriting type change and makes NOT NULL through a
// validated check, after filling the rows holding NULL in batches when the
// change has a backfill value.
func (s *safer) alterColumn(o op.AlterColumnOp) []op.Op {
	if note := rewriteNote(s.cur, o); note != nil {
		s.notes[len(s.out)] = note
	}
	if o.NotNull == nil || !*o.NotNull {
		return []op.Op{o}
	}
	rest := o
	rest.NotNull, rest.Fill = nil, ""
	var out []op.Op
	if rest.Type != nil || rest.Default != nil || rest.Comment != nil || rest.AutoIncrement != nil {
		out = append(out, rest)
	}
	if o.Fill != "" {
		out = append(out, op.FillInBatches(o.Table, o.Column, o.Fill))
	}
	return append(out, notNullSteps(o.Table, o.Column)...)
}

// notNullSteps make column NOT NULL without scanning under a lock.
func notNullSteps(table, column string) []op.Op {
	check := op.NotNullCheck(table, column)
	name := check.Check().Name
	return []op.Op{
		op.AddCheckNotValid(table, check),
		op.ValidateConstraint(table, name),
		op.AlterColumn(table, column).SetNotNull(true),
		op.DropCheck(table, name),
	}
}

// constantFill matches backfill values that PostgreSQL (11+) can store as
// a column's default without writing a row: literals and the stable
// current time.
var constantFill = regexp.MustCompile(`^(?i:[-+]?\d+(\.\d*)?|'([^']|'')*'|true|false|current_timestamp|current_date|now\(\))$`)

// addFilled adds a NOT NULL column with a backfill to a table with rows.
func addFilled(o op.AddColumnOp) []op.Op {
	c := o.Column
	if constantFill.MatchString(o.Fill) {
		c.Default = schema.CanonicalDefault(o.Fill)
		out := []op.Op{op.AddColumnOp{Table: o.Table, Column: c}}
		if o.Column.Default == "" {
			out = append(out, op.AlterColumn(o.Table, c.Name).DropDefault())
		}
		return out
	}
	c.NotNull = false
	return append([]op.Op{op.AddColumnOp{Table: o.Table, Column: c}, op.FillInBatches(o.Table, c.Name, o.Fill)},
		notNullSteps(o.Table, c.Name)...)
}

// noTransactionField is how a migration with steps outside a transaction
// says so, and why.
const noTransactionField = `// CONCURRENTLY and VALIDATE run outside a transaction: op.Apply runs
// each of them on its own and the steps between them in transactions of
// their own. If a step fails, the migration is marked failed and the next
// upgrade says how to finish it.
NoTransaction: true,
`

// createIndex builds an index on a table with rows concurrently; a unique
// constraint's index is built alone, then attached.
func createIndex(o op.CreateIndexOp) []op.Op {
	if !o.Index.Constraint {
		return []op.Op{op.CreateIndexConcurrentlyOp(o)}
	}
	alone := o
	alone.Index.Constraint = false
	return []op.Op{op.CreateIndexConcurrentlyOp(alone), op.AddUniqueUsingIndex(o.Table, o.Index.Name)}
}
