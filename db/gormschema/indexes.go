package gormschema

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	gschema "gorm.io/gorm/schema"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
)

// indexesOf reads the `index`, `uniqueIndex` and `unique` tags of a model:
// indexes with every option GORM renders on d, and a UNIQUE constraint
// (Index.Constraint) per `unique` field.
func indexesOf(d dialect.Dialect, s *gschema.Schema, t *schema.Table) ([]*schema.Index, error) {
	var out []*schema.Index
	for _, gi := range s.ParseIndexes() {
		idx, err := indexOf(d, s, gi, t)
		if err != nil {
			return nil, fmt.Errorf("model %s: index %q: %w", s.ModelType, gi.Name, err)
		}
		out = append(out, idx)
	}
	for _, u := range s.ParseUniqueConstraints() {
		if t.Column(u.Field.DBName) != nil {
			out = append(out, &schema.Index{Name: u.Name, Columns: []string{u.Field.DBName}, Unique: true, Constraint: true})
		}
	}
	for i, idx := range out {
		if slices.ContainsFunc(out[:i], func(o *schema.Index) bool { return o.Name == idx.Name }) {
			return nil, fmt.Errorf("model %s: two indexes are named %q: rename one in its tag", s.ModelType, idx.Name)
		}
	}
	return out, nil
}

// indexOf converts one GORM index. Its key parts come in priority order
// (ties in field order), as GORM writes them. length: and MySQL's classes
// (FULLTEXT, SPATIAL) are ignored as GORM's PostgreSQL and SQLite
// dialects ignore them; option: (CONCURRENTLY) leaves nothing in the
// schema.
func indexOf(d dialect.Dialect, s *gschema.Schema, gi *gschema.Index, t *schema.Table) (*schema.Index, error) {
	idx := &schema.Index{
		Name:   gi.Name,
		Unique: strings.EqualFold(gi.Class, "UNIQUE"),
		Method: strings.ToLower(gi.Type),
		Where:  strings.TrimSpace(gi.Where),
	}
	if idx.Method == "btree" {
		idx.Method = ""
	}
	if idx.Method != "" && d == dialect.SQLite {
		return nil, fmt.Errorf("type:%s: SQLite has no index methods (GORM would write USING %s, a syntax error)", gi.Type, gi.Type)
	}
	for _, f := range sortedParts(s, gi.Fields) {
		column, part, err := indexPart(d, f, t)
		if err != nil {
			return nil, err
		}
		idx.Columns = append(idx.Columns, column)
		idx.Parts = append(idx.Parts, part)
	}
	if schema.PlainParts(idx.Parts) {
		idx.Parts = nil
	}
	return idx, nil
}

// sortedParts orders an index's fields by priority, then field order.
func sortedParts(s *gschema.Schema, fields []gschema.IndexOption) []gschema.IndexOption {
	position := make(map[*gschema.Field]int, len(s.Fields))
	for i, f := range s.Fields {
		position[f] = i
	}
	fields = slices.Clone(fields)
	slices.SortStableFunc(fields, func(a, b gschema.IndexOption) int {
		if a.Priority != b.Priority {
			return a.Priority - b.Priority
		}
		return position[a.Field] - position[b.Field]
	})
	return fields
}

// columnWithClass is an expression that is a column and an operator
// class, "headline text_pattern_ops": PostgreSQL reads it back as a
// column part with that class.
var columnWithClass = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s+([A-Za-z_][A-Za-z0-9_]*)$`)

// indexPart converts one key part: its column ("" for an expression) and
// options.
func indexPart(d dialect.Dialect, f gschema.IndexOption, t *schema.Table) (string, schema.IndexPart, error) {
	part := schema.IndexPart{
		Desc:    strings.EqualFold(strings.TrimSpace(f.Sort), "DESC"),
		Collate: strings.Trim(strings.TrimSpace(f.Collate), `"`),
	}
	if e := strings.TrimSpace(f.Expression); e != "" {
		if m := columnWithClass.FindStringSubmatch(e); m != nil && d == dialect.Postgres && t.Column(m[1]) != nil {
			part.Class = m[2]
			return m[1], part, nil
		}
		part.Expression = e
		return "", part, nil
	}
	if t.Column(f.DBName) == nil {
		return "", part, fmt.Errorf("field %s is not a column", f.Name)
	}
	return f.DBName, part, nil
}
