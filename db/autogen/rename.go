package autogen

import (
	"fmt"
	"maps"
	"slices"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// renameTables plans the table renames of Options.TableRenames and makes
// them in d.cur, so that the rest of the diff compares tables by their new
// names.
func (d *differ) renameTables() error {
	exists := func(name string) bool { return d.cur.Table(name) != nil }
	hints, err := activeRenames(d.opts.TableRenames, exists)
	if err != nil {
		return fmt.Errorf("table renames: %w", err)
	}
	for _, name := range slices.Sorted(maps.Keys(hints)) {
		if d.to.Table(name) == nil {
			return fmt.Errorf("rename table %q to %q: the new schema has no table %q", hints[name], name, name)
		}
	}
	return orderRenames(hints, exists, func(old, name string) error {
		o := op.RenameTable(old, name)
		d.emit(stepRename, o)
		return o.Mutate(d.cur)
	})
}

// renameColumns plans the column renames of Options.ColumnRenames, after
// the table renames, and makes them in d.cur.
func (d *differ) renameColumns() error {
	for _, table := range slices.Sorted(maps.Keys(d.opts.ColumnRenames)) {
		t, ct := d.to.Table(table), d.cur.Table(table)
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
