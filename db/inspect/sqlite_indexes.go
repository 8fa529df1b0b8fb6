package inspect

import (
	"fmt"
	"strings"

	"github.com/matar-app/matardb/db/schema"
)

// finishIndexes completes the indexes of t read from the pragmas: the
// expressions and predicate of each CREATE INDEX from its text, the
// collations that differ from the columns' own, and the names of UNIQUE
// constraints, which SQLite calls sqlite_autoindex_<table>_<n>: the
// declared name, or the one PostgreSQL would give ("<table>_<columns>_key").
func (r *sqliteReader) finishIndexes(t *schema.Table, ddl *tableDDL) error {
	used := map[string]bool{}
	for _, i := range t.Indexes {
		if !i.Constraint {
			used[i.Name] = true
		}
	}
	for _, i := range t.Indexes {
		if src, ok := r.indexSQL[i]; ok {
			if err := applyIndexDDL(i, src); err != nil {
				return fmt.Errorf("index %q: %w", i.Name, err)
			}
		}
		if i.Constraint {
			i.Name = uniqueConstraintName(t.Name, i.Columns, ddl, used)
		}
		clearDefaultCollations(i, ddl)
	}
	return nil
}

// applyIndexDDL fills in i's expressions and predicate from its CREATE
// INDEX text.
func applyIndexDDL(i *schema.Index, src string) error {
	ddl, err := parseCreateIndex(src)
	if err != nil {
		return err
	}
	if len(ddl.parts) != len(i.Columns) {
		return fmt.Errorf("CREATE INDEX text has %d key parts, the catalog %d", len(ddl.parts), len(i.Columns))
	}
	for n := range i.Parts {
		if i.Parts[n].Expression != "" {
			i.Parts[n].Expression = ddl.parts[n]
		}
	}
	i.Where = ddl.where
	return nil
}

// clearDefaultCollations drops each part's collation where it is the
// column's own (BINARY unless the column declares another), then Parts
// altogether when no part has an option left.
func clearDefaultCollations(i *schema.Index, ddl *tableDDL) {
	for n := range i.Parts {
		own := "BINARY"
		if c, ok := lookupFold(ddl.collations, i.Columns[n]); ok && i.Parts[n].Expression == "" {
			own = c
		}
		if strings.EqualFold(i.Parts[n].Collate, own) {
			i.Parts[n].Collate = ""
		}
	}
	if schema.PlainParts(i.Parts) {
		i.Parts = nil
	}
}

// uniqueConstraintName takes the declared UNIQUE constraint over columns
// out of ddl and returns its name, or the one PostgreSQL gives an unnamed one.
func uniqueConstraintName(table string, columns []string, ddl *tableDDL, used map[string]bool) string {
	for n, u := range ddl.uniques {
		if !equalFold(u.columns, columns) {
			continue
		}
		ddl.uniques = append(ddl.uniques[:n], ddl.uniques[n+1:]...)
		if u.name != "" {
			used[u.name] = true
			return u.name
		}
		break
	}
	return uniqueName(table+"_"+strings.Join(columns, "_")+"_key", used)
}

func equalFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for n := range a {
		if !strings.EqualFold(a[n], b[n]) {
			return false
		}
	}
	return true
}

func lookupFold(m map[string]string, key string) (string, bool) {
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}
