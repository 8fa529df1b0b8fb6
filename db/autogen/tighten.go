package autogen

import (
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// tighten gives a, which turns old into c, the backfill a column becoming
// NOT NULL needs for the rows holding NULL: the one Options.Backfill has
// for it, else the column's new default, else it is reported unfilled.
func (d *differ) tighten(table string, old, c *schema.Column, a op.AlterColumnOp) op.AlterColumnOp {
	if old.NotNull || !c.NotNull {
		return a
	}
	key := table + "." + c.Name
	if fill, ok := d.opts.Backfill[key]; ok {
		return a.Backfill(fill)
	}
	if c.Default != "" {
		return a.Backfill(c.Default)
	}
	d.unfilled = append(d.unfilled, key)
	return a
}
