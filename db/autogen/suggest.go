package autogen

import (
	"fmt"
	"slices"

	"github.com/matar-app/matardb/db/schema"
)

// suggestColumnRenames suggests a rename hint for each dropped column of
// table that has the type of an added one: to a diff, a rename looks like
// a drop and an add, and the drop loses the column's data.
func (d *differ) suggestColumnRenames(table string, dropped, added []*schema.Column) {
	for _, old := range dropped {
		for _, c := range added {
			if old.Type == c.Type {
				d.suggestions = append(d.suggestions, Suggestion{
					Text: fmt.Sprintf(`%q.%q was dropped and %q.%q added with the same type: if it is a rename, add matardb:"renamed_from=%s"`,
						table, old.Name, table, c.Name, old.Name),
					Rename: Rename{Table: table, From: old.Name, To: c.Name},
				})
			}
		}
	}
}

// suggestTableRenames suggests a rename hint for each dropped table whose
// columns (names and types) an added table has.
func (d *differ) suggestTableRenames() {
	for _, old := range d.cur.Tables {
		if d.toTables[old.Name] != nil {
			continue
		}
		for _, t := range d.to.Tables {
			if d.curTables[t.Name] == nil && slices.Equal(columnSignature(old), columnSignature(t)) {
				d.suggestions = append(d.suggestions, Suggestion{
					Text: fmt.Sprintf(`table %q was dropped and %q created with the same columns: if it is a rename, give the model a method RenamedFrom() string returning %q`,
						old.Name, t.Name, old.Name),
					Rename: Rename{From: old.Name, To: t.Name},
				})
			}
		}
	}
}

// columnSignature lists t's columns as "name type", sorted.
func columnSignature(t *schema.Table) []string {
	sig := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		sig[i] = c.Name + " " + c.Type.String()
	}
	slices.Sort(sig)
	return sig
}

// Suggestion is a hint from the diff: a drop and an add that look like a
// rename, which would keep the data the drop loses.
type Suggestion struct {
	// Text states what looks like a rename and how a model says so.
	Text string
	// Rename is the rename hint that says so instead.
	Rename Rename
}

// String is Text followed by the rename hint.
func (s Suggestion) String() string { return s.Text + ", or the rename hint " + s.Rename.String() }
