package autogen

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// renameTables plans the table renames of Options.TableRenames and makes
// them in d.cur, so that the rest of the diff compares tables by their new
// names.
func (d *differ) renameTables() error {
	exists := func(name string) bool { return d.curTables[name] != nil }
	hints, err := activeRenames(d.opts.TableRenames, exists)
	if err != nil {
		return fmt.Errorf("table renames: %w", err)
	}
	for _, name := range slices.Sorted(maps.Keys(hints)) {
		if d.toTables[name] == nil {
			return fmt.Errorf("rename table %q to %q: the new schema has no table %q", hints[name], name, name)
		}
	}
	return orderRenames(hints, exists, func(old, name string) error {
		o := op.RenameTable(old, name)
		d.emit(stepRename, o)
		if err := o.Mutate(d.cur); err != nil {
			return err
		}
		d.curTables[name] = d.curTables[old]
		delete(d.curTables, old)
		return nil
	})
}

// renameColumns plans the column renames of Options.ColumnRenames, after
// the table renames, and makes them in d.cur.
func (d *differ) renameColumns() error {
	for _, table := range slices.Sorted(maps.Keys(d.opts.ColumnRenames)) {
		t, ct := d.toTables[table], d.curTables[table]
		if t == nil {
			return fmt.Errorf("column renames for table %q: the new schema has no such table", table)
		}
		if ct == nil {
			continue // a new table: its hints are stale
		}
		if err := d.renameColumnsOf(ct, t, d.opts.ColumnRenames[table]); err != nil {
			return err
		}
	}
	return nil
}

func (d *differ) renameColumnsOf(ct, t *schema.Table, renames map[string]string) error {
	exists := func(name string) bool { return ct.Column(name) != nil }
	hints, err := activeRenames(renames, exists)
	if err != nil {
		return fmt.Errorf("column renames in table %q: %w", t.Name, err)
	}
	for _, name := range slices.Sorted(maps.Keys(hints)) {
		if t.Column(name) == nil {
			return fmt.Errorf("rename column %q to %q in table %q: the new schema has no such column", hints[name], name, t.Name)
		}
	}
	d.dropChecksNaming(ct, slices.Collect(maps.Values(hints)))
	return orderRenames(hints, exists, func(old, name string) error {
		o := op.RenameColumn(t.Name, old, name)
		d.emit(stepRename, o)
		return o.Mutate(d.cur)
	})
}

// activeRenames returns the hints (new name -> old name) that apply: the
// old name exists, and the new one is free or is itself renamed away.
// Other hints are stale (the rename was made by an earlier migration) and
// are left out. Two hints from one old name are an error.
func activeRenames(hints map[string]string, exists func(string) bool) (map[string]string, error) {
	active := map[string]string{}
	from := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(hints)) {
		old := hints[name]
		if old == name || !exists(old) {
			continue
		}
		if other, dup := from[old]; dup {
			return nil, fmt.Errorf("%q is renamed twice, to %q and to %q", old, other, name)
		}
		from[old] = name
		active[name] = old
	}
	for changed := true; changed; {
		changed = false
		for name, old := range active {
			if _, vacated := from[name]; exists(name) && !vacated {
				delete(active, name)
				delete(from, old)
				changed = true
			}
		}
	}
	return active, nil
}

// orderRenames runs rename for each hint once its new name is free, first
// by new name; a cycle of renames (a swap) is an error.
func orderRenames(hints map[string]string, exists func(string) bool, rename func(old, name string) error) error {
	pending := slices.Sorted(maps.Keys(hints))
	for len(pending) > 0 {
		i := slices.IndexFunc(pending, func(name string) bool { return !exists(name) })
		if i < 0 {
			return fmt.Errorf("renames %v form a cycle; rename through a temporary name in a separate migration", pending)
		}
		if err := rename(hints[pending[i]], pending[i]); err != nil {
			return err
		}
		pending = slices.Delete(pending, i, i+1)
	}
	return nil
}

// dropChecksNaming plans dropping, before the columns are renamed, the
// checks of ct whose expressions name one of columns, and forgets them so
// that the diff adds the new schema's version back at the end. A database
// rewrites a check when a column it names is renamed, but a schema cannot
// (an expression is text), so without this the downgrade would add the old
// check back while the column still has its new name.
func (d *differ) dropChecksNaming(ct *schema.Table, columns []string) {
	ct.Checks = slices.DeleteFunc(ct.Checks, func(k *schema.Check) bool {
		if !slices.ContainsFunc(columns, func(c string) bool { return mentions(k.Expr, c) }) {
			return false
		}
		d.emit(stepRename, op.DropCheck(ct.Name, k.Name))
		return true
	})
}

// mentions reports whether expr contains name as a whole word (an
// identifier, quoted or not).
func mentions(expr, name string) bool {
	for i := 0; ; {
		j := strings.Index(expr[i:], name)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(name)
		if !isIdentByte(expr, start-1) && !isIdentByte(expr, end) {
			return true
		}
		i = start + 1
	}
}

func isIdentByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
