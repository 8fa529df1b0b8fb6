package autogen

import (
	"fmt"

	"github.com/matar-app/matardb/db/schema"
)

// validateSchema checks that s holds together: names are unique (index names in
// the whole schema, as PostgreSQL wants) and every key, index and
// constraint names columns and tables that exist.
func validateSchema(s *schema.Schema) error {
	indexes, tables := map[string]string{}, indexTables(s)
	for i, t := range s.Tables {
		for _, x := range t.Indexes {
			if other, dup := indexes[x.Name]; dup {
				return fmt.Errorf("index name %q is used by tables %q and %q", x.Name, other, t.Name)
			}
			indexes[x.Name] = t.Name
		}
		if t.Name == "" || (i > 0 && s.Tables[i-1].Name == t.Name) {
			return fmt.Errorf("table %d: empty or duplicate name %q", i, t.Name)
		}
		if err := validateTable(tables, t); err != nil {
			return fmt.Errorf("table %q: %w", t.Name, err)
		}
	}
	return nil
}

func validateTable(tables tableIndex, t *schema.Table) error {
	for i, c := range t.Columns {
		if c.Name == "" || t.ColumnIndex(c.Name) != i {
			return fmt.Errorf("column %d: empty or duplicate name %q", i, c.Name)
		}
	}
	if err := requireColumns(t, t.PrimaryKey, "primary key"); err != nil {
		return err
	}
	for _, i := range t.Indexes {
		var columns []string // the parts over a column, not an expression
		for n, c := range i.Columns {
			if c != "" || i.Part(n).Expression == "" {
				columns = append(columns, c)
			}
		}
		if err := requireColumns(t, columns, fmt.Sprintf("index %q", i.Name)); err != nil {
			return err
		}
	}
	for _, f := range t.ForeignKeys {
		what := fmt.Sprintf("foreign key %q", f.Name)
		if err := requireColumns(t, f.Columns, what); err != nil {
			return err
		}
		ref := tables[f.RefTable]
		if ref == nil {
			return fmt.Errorf("%s references table %q, which is not in the schema", what, f.RefTable)
		}
		if err := requireColumns(ref, f.RefColumns, what+" (referenced)"); err != nil {
			return err
		}
	}
	return nil
}

// requireColumns checks that t has every column of names.
func requireColumns(t *schema.Table, names []string, what string) error {
	for _, n := range names {
		if t.Column(n) == nil {
			return fmt.Errorf("%s names column %q, which table %q does not have", what, n, t.Name)
		}
	}
	return nil
}
