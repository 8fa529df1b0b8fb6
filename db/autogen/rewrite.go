package autogen

import (
	"fmt"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// rewriteNote returns the warning for a type change that rewrites the
// table on PostgreSQL, or nil when o changes no type or a binary-coercible
// one.
func rewriteNote(s *schema.Schema, o op.AlterColumnOp) []string {
	if o.Type == nil {
		return nil
	}
	t := s.Table(o.Table)
	if t == nil || t.Column(o.Column) == nil || !rewrites(t.Column(o.Column).Type, *o.Type) {
		return nil
	}
	from := t.Column(o.Column).Type
	return []string{
		fmt.Sprintf("WARNING: rewrites the table — changing %q.%q from %s to %s rewrites %q and its indexes "+
			"under an ACCESS EXCLUSIVE lock on PostgreSQL, blocking reads and writes until it ends. "+
			"On a table with rows and traffic, expand and contract instead:", o.Table, o.Column, from, o.Type, o.Table),
		fmt.Sprintf("1. add a column of type %s and make the code write both columns;", o.Type),
		"2. fill the new column with op.FillInBatches in a NoTransaction migration;",
		"3. move the readers to the new column and deploy;",
		"4. drop the old column in a later migration (then rename the new one if you must).",
		"If the table is small, keep this step and acknowledge it: //matardb:lint-ok MDB107 <why>.",
	}
}

// rewrites reports whether changing a column from one type to another
// rewrites a PostgreSQL table. Only binary-coercible changes are free: a
// varchar made longer, unbounded or text, text made unbounded varchar, a
// numeric given more precision at the same scale or made unconstrained.
// Package lint applies the same rule (MDB107) to the SQL.
func rewrites(from, to schema.Type) bool {
	if from == to {
		return false
	}
	switch {
	case from.Kind == schema.KindString && to.Kind == schema.KindText,
		from.Kind == schema.KindText && to.Kind == schema.KindString && to.Size == 0:
		return false
	case from.Kind == schema.KindString && to.Kind == schema.KindString:
		return to.Size != 0 && (from.Size == 0 || to.Size < from.Size)
	case from.Kind == schema.KindNumeric && to.Kind == schema.KindNumeric:
		return to.Precision != 0 && (from.Precision == 0 || to.Precision < from.Precision || to.Scale != from.Scale)
	}
	return true
}
