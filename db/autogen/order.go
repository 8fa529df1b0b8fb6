package autogen

import (
	"cmp"
	"slices"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// step is a place in the order of a plan; see Diff.
type step int

const (
	stepRename step = iota
	stepDropForeignKey
	stepDropIndex // and checks
	stepCreateTable
	stepAddColumn
	stepAlterColumn
	stepDropTable
	stepDropColumn
	stepCreateIndex
	stepAddCheck
	stepAddForeignKey
	numSteps
)

// ordered returns the planned operations in step order. Steps fed from
// several places are sorted by table, then kind, then name; the others are
// already in their order.
func (d *differ) ordered() []op.Op {
	var ops []op.Op
	for s, list := range d.steps {
		switch step(s) {
		case stepDropForeignKey, stepDropIndex, stepAddForeignKey:
			slices.SortStableFunc(list, compareOps)
		}
		ops = append(ops, list...)
	}
	return ops
}

// compareOps orders constraint operations by table, then checks before
// indexes, then name.
func compareOps(a, b op.Op) int {
	ta, ka, na := opKey(a)
	tb, kb, nb := opKey(b)
	return cmp.Or(cmp.Compare(ta, tb), cmp.Compare(ka, kb), cmp.Compare(na, nb))
}

func opKey(o op.Op) (table string, kind int, name string) {
	switch o := o.(type) {
	case op.DropForeignKeyOp:
		return o.Table, 0, o.Name
	case op.AddForeignKeyOp:
		return o.Table, 0, o.ForeignKey.Name
	case op.DropCheckOp:
		return o.Table, 1, o.Name
	case op.DropIndexOp:
		return o.Table, 2, o.Name
	}
	return "", 0, ""
}

// createTables plans the tables only the new schema has, each after the
// new tables its foreign keys reference. Where that is impossible (a cycle)
// the table that comes first by name goes first, and its foreign keys to
// tables not yet created are added at the end.
func (d *differ) createTables() {
	var pending []*schema.Table
	for _, t := range d.to.Tables {
		if d.curTables[t.Name] == nil {
			pending = append(pending, t)
		}
	}
	created := map[string]bool{}
	isPending := func(name string) bool {
		return d.toTables[name] != nil && d.curTables[name] == nil && !created[name]
	}
	for len(pending) > 0 {
		i := slices.IndexFunc(pending, func(t *schema.Table) bool {
			return !slices.ContainsFunc(t.ForeignKeys, func(f *schema.ForeignKey) bool {
				return f.RefTable != t.Name && isPending(f.RefTable)
			})
		})
		t := pending[max(i, 0)]
		pending = slices.Delete(pending, max(i, 0), max(i, 0)+1)
		d.createTable(t, created)
		created[t.Name] = true
	}
}

// createTable plans creating t with the foreign keys that can be created
// with it; the others are added at the end.
func (d *differ) createTable(t *schema.Table, created map[string]bool) {
	c := t.Clone()
	c.ForeignKeys = nil
	for _, f := range t.ForeignKeys {
		if d.refReady(t, f, created) {
			c.ForeignKeys = append(c.ForeignKeys, f)
		} else {
			d.emit(stepAddForeignKey, op.AddForeignKeyOp{Table: t.Name, ForeignKey: *f})
		}
	}
	d.emit(stepCreateTable, op.CreateTableOp{Table: *c})
}

// refReady reports whether the key the new table t's foreign key f
// references exists when t is created: a table created before, the primary
// key of t itself, or a primary key or unique index of an existing table
// that the plan leaves alone.
func (d *differ) refReady(t *schema.Table, f *schema.ForeignKey, created map[string]bool) bool {
	switch {
	case f.RefTable == t.Name:
		return slices.Equal(f.RefColumns, t.PrimaryKey)
	case created[f.RefTable]:
		return true
	}
	old, ref := d.curTables[f.RefTable], d.toTables[f.RefTable]
	if old == nil || ref == nil {
		return false
	}
	if slices.Equal(f.RefColumns, old.PrimaryKey) {
		return true
	}
	return slices.ContainsFunc(old.Indexes, func(i *schema.Index) bool {
		n := ref.Index(i.Name)
		return i.Unique && slices.Equal(i.Columns, f.RefColumns) && n != nil && sameIndex(i, n)
	})
}

// dropTables plans dropping the tables only the old schema has, the ones
// that reference others first. Where that is impossible (a cycle) the
// foreign keys that keep the table first by name from going are dropped
// early, in step 2. Indexes of dropped tables whose names the new schema
// reuses are dropped early too, since index names are shared by all the
// tables of a PostgreSQL schema.
func (d *differ) dropTables() {
	var pending []*schema.Table
	for _, t := range d.cur.Tables {
		if d.toTables[t.Name] == nil {
			pending = append(pending, t)
			d.dropReusedIndexes(t)
		}
	}
	for len(pending) > 0 {
		i := slices.IndexFunc(pending, func(t *schema.Table) bool { return !referenced(t, pending) })
		if i < 0 {
			i = 0
			d.dropReferences(pending[0], pending[1:])
		}
		d.emit(stepDropTable, op.DropTable(pending[i].Name))
		pending = slices.Delete(pending, i, i+1)
	}
}

// referenced reports whether a table of others other than t references t.
func referenced(t *schema.Table, others []*schema.Table) bool {
	return slices.ContainsFunc(others, func(u *schema.Table) bool {
		return u != t && slices.ContainsFunc(u.ForeignKeys, func(f *schema.ForeignKey) bool { return f.RefTable == t.Name })
	})
}

// dropReferences plans dropping, early, the foreign keys of others that
// reference t, and forgets them.
func (d *differ) dropReferences(t *schema.Table, others []*schema.Table) {
	for _, u := range others {
		u.ForeignKeys = slices.DeleteFunc(u.ForeignKeys, func(f *schema.ForeignKey) bool {
			if f.RefTable != t.Name {
				return false
			}
			d.emit(stepDropForeignKey, op.DropForeignKey(u.Name, f.Name))
			return true
		})
	}
}

// dropReusedIndexes plans dropping, early, the indexes of the dropped table
// t whose names an index of the new schema has.
func (d *differ) dropReusedIndexes(t *schema.Table) {
	for _, i := range t.Indexes {
		if slices.ContainsFunc(d.to.Tables, func(u *schema.Table) bool { return u.Index(i.Name) != nil }) {
			d.emit(stepDropIndex, op.DropIndex(t.Name, i.Name))
		}
	}
}
