package autogen

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/matar-app/matardb/db/schema"
)

// canonicalSchema returns a sorted deep copy of s in the one spelling Diff
// compares: canonical defaults and referential actions, primary key columns
// NOT NULL, and empty lists as nil. A nil schema is an empty one.
func canonicalSchema(s *schema.Schema) *schema.Schema {
	c := s.Clone()
	if c == nil {
		c = &schema.Schema{}
	}
	for _, t := range c.Tables {
		for _, col := range t.Columns {
			col.Default = canonicalDefault(col)
			col.NotNull = col.NotNull || t.IsPrimaryKey(col.Name)
		}
		for _, f := range t.ForeignKeys {
			f.OnDelete, f.OnUpdate = schema.CanonicalAction(f.OnDelete), schema.CanonicalAction(f.OnUpdate)
		}
		for _, i := range t.Indexes {
			if schema.PlainParts(i.Parts) {
				i.Parts = nil
			}
		}
		t.PrimaryKey = nilIfEmpty(t.PrimaryKey)
		t.Indexes = nilIfEmpty(t.Indexes)
		t.ForeignKeys = nilIfEmpty(t.ForeignKeys)
		t.Checks = nilIfEmpty(t.Checks)
	}
	c.Tables = nilIfEmpty(c.Tables)
	c.Sort()
	return c
}

// canonicalDefault is the column's default as schema.ColumnDefault spells it.
func canonicalDefault(c *schema.Column) string { return schema.ColumnDefault(c.Type, c.Default) }

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// normalizedSchema returns canonicalSchema(s) with what Diff ignores taken out: column
// order (a database cannot reorder columns, so it is not a difference) and
// the spacing of check expressions.
func normalizedSchema(s *schema.Schema) *schema.Schema {
	c := canonicalSchema(s)
	normalize(c)
	return c
}

// normalize takes out of c, a canonical schema, in place, what
// normalizedSchema takes out.
func normalize(c *schema.Schema) {
	for _, t := range c.Tables {
		slices.SortFunc(t.Columns, func(a, b *schema.Column) int { return strings.Compare(a.Name, b.Name) })
		for _, k := range t.Checks {
			k.Expr = normalizeExpr(k.Expr)
		}
		for _, i := range t.Indexes {
			i.Where = normalizeExpr(i.Where)
		}
	}
}

// normalizeExpr collapses each run of white space outside string literals
// and quoted identifiers to one space and trims the ends, so that checks
// written on one line or several compare equal.
func normalizeExpr(expr string) string {
	var b strings.Builder
	var quote rune
	space := false
	for _, r := range strings.TrimSpace(expr) {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sameColumn reports whether a and b have the same definition.
func sameColumn(a, b *schema.Column) bool { return *a == *b }

// sameIndex reports whether a and b are the same index: name, key parts
// with their options, uniqueness, method, predicate (spacing aside) and
// whether a UNIQUE constraint owns it.
func sameIndex(a, b *schema.Index) bool {
	return a.Name == b.Name && a.Unique == b.Unique && slices.Equal(a.Columns, b.Columns) &&
		sameParts(a.Parts, b.Parts) && a.Method == b.Method && a.Constraint == b.Constraint &&
		normalizeExpr(a.Where) == normalizeExpr(b.Where)
}

// sameParts compares key part options; nil is all plain parts.
func sameParts(a, b []schema.IndexPart) bool {
	if schema.PlainParts(a) && schema.PlainParts(b) {
		return true
	}
	return slices.Equal(a, b)
}

// sameForeignKey reports whether a and b are the same constraint in every field.
func sameForeignKey(a, b *schema.ForeignKey) bool {
	return a.Name == b.Name && slices.Equal(a.Columns, b.Columns) && a.RefTable == b.RefTable &&
		slices.Equal(a.RefColumns, b.RefColumns) && a.OnDelete == b.OnDelete && a.OnUpdate == b.OnUpdate
}

// sameCheck reports whether a and b are the same check, spacing aside.
func sameCheck(a, b *schema.Check) bool {
	return a.Name == b.Name && normalizeExpr(a.Expr) == normalizeExpr(b.Expr)
}

// schemaDifference describes the first way a and b differ as Diff compares them,
// or returns "" when they are the same.
func schemaDifference(a, b *schema.Schema) string {
	return normalizedDifference(normalizedSchema(a), normalizedSchema(b))
}

// normalizedDifference is schemaDifference of two normalized schemas.
func normalizedDifference(ca, cb *schema.Schema) string {
	byName := make(map[string]*schema.Table, len(cb.Tables))
	for _, u := range cb.Tables {
		byName[u.Name] = u
	}
	for _, t := range ca.Tables {
		u := byName[t.Name]
		if u == nil {
			return fmt.Sprintf("table %q is only in the first schema", t.Name)
		}
		if !reflect.DeepEqual(t, u) {
			return fmt.Sprintf("table %q differs: %s", t.Name, tableDifference(t, u))
		}
	}
	if len(ca.Tables) != len(cb.Tables) {
		for _, t := range ca.Tables {
			delete(byName, t.Name)
		}
		for _, u := range cb.Tables {
			if byName[u.Name] != nil {
				return fmt.Sprintf("table %q is only in the second schema", u.Name)
			}
		}
	}
	return ""
}

// tableDifference names the part of two comparable tables that differs.
func tableDifference(t, u *schema.Table) string {
	switch {
	case !reflect.DeepEqual(t.Columns, u.Columns):
		return fmt.Sprintf("columns %s vs %s", columnsString(t), columnsString(u))
	case !slices.Equal(t.PrimaryKey, u.PrimaryKey):
		return fmt.Sprintf("primary key %v vs %v", t.PrimaryKey, u.PrimaryKey)
	case !reflect.DeepEqual(t.Indexes, u.Indexes):
		return "indexes"
	case !reflect.DeepEqual(t.ForeignKeys, u.ForeignKeys):
		return "foreign keys"
	}
	return "checks"
}

func columnsString(t *schema.Table) string {
	parts := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		parts[i] = fmt.Sprintf("%s %s notnull=%t default=%q comment=%q autoincrement=%t", c.Name, c.Type, c.NotNull, c.Default, c.Comment, c.AutoIncrement)
	}
	return "[" + strings.Join(parts, "; ") + "]"
}
