package autogen

import (
	"fmt"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// replay builds the plan for up: it applies up to from in memory, keeping
// the schema before each operation, to find the operations that lose data
// and to reverse each against the schema it met; then it checks that up
// gives to and that Down gives from back. A failure is a bug in Diff.
func replay(from, to *schema.Schema, up []op.Op, suggestions []string) (*Plan, error) {
	p := &Plan{Up: up, Suggestions: suggestions}
	states, err := applyOps(from, up)
	if err != nil {
		return nil, internalError("the upgrade does not apply", err)
	}
	if diff := schemaDifference(states[len(up)], to); diff != "" {
		return nil, internalError("the upgrade does not give the new schema", fmt.Errorf("%s", diff))
	}
	for i, o := range up {
		if o.LosesData(states[i]) {
			p.DataLoss = append(p.DataLoss, o)
		}
	}
	for i := len(up) - 1; i >= 0; i-- {
		r, err := up[i].Reverse(states[i])
		if err != nil {
			return nil, internalError("reverse "+up[i].String(), err)
		}
		p.Down = append(p.Down, refill(r))
	}
	back, err := applyOps(states[len(up)], p.Down)
	if err != nil {
		return nil, internalError("the downgrade does not apply", err)
	}
	if diff := schemaDifference(back[len(p.Down)], from); diff != "" {
		return nil, internalError("the downgrade does not give the old schema back", fmt.Errorf("%s", diff))
	}
	return p, nil
}

// applyOps runs ops on a copy of s and returns the schema before each
// operation and, last, the one after them all.
func applyOps(s *schema.Schema, ops []op.Op) ([]*schema.Schema, error) {
	states := make([]*schema.Schema, 0, len(ops)+1)
	states = append(states, s.Clone())
	for _, o := range ops {
		next := states[len(states)-1].Clone()
		if err := o.Mutate(next); err != nil {
			return nil, fmt.Errorf("%s: %w", o, err)
		}
		states = append(states, next)
	}
	return states, nil
}

func internalError(what string, err error) error {
	return fmt.Errorf("autogen: internal error, please report it: %s: %w", what, err)
}

// refill gives a column that the downgrade adds back NOT NULL without a
// default a backfill value, so that the downgrade works on a table with rows.
func refill(o op.Op) op.Op {
	add, ok := o.(op.AddColumnOp)
	if !ok || !add.Column.NotNull || add.Column.Default != "" || add.Fill != "" {
		return o
	}
	return add.Backfill(zeroValue(add.Column.Type))
}

// zeroValue is a SQL value of type t that PostgreSQL and SQLite both accept.
func zeroValue(t schema.Type) string {
	switch t.Kind {
	case schema.KindSmallInt, schema.KindInteger, schema.KindBigInt,
		schema.KindReal, schema.KindDouble, schema.KindNumeric:
		return "0"
	case schema.KindBoolean:
		return "false"
	case schema.KindTimestamp, schema.KindTimestampTZ:
		return "CURRENT_TIMESTAMP"
	case schema.KindDate:
		return "CURRENT_DATE"
	case schema.KindJSON, schema.KindJSONB:
		return "'{}'"
	case schema.KindUUID:
		return "'00000000-0000-0000-0000-000000000000'"
	}
	return "''"
}
