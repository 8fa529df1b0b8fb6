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
// With no operations it only compares from and to, normalizing them in
// place: the caller's copies, which it does not use again.
func replay(from, to *schema.Schema, up []op.Op, suggestions []Suggestion) (*Plan, error) {
	p := &Plan{Up: up, Suggestions: suggestions}
	if len(up) == 0 {
		// Nothing to replay: the check is that from already is to. Both
		// are Diff's canonical copies, normalized in place.
		normalize(from)
		normalize(to)
		if diff := normalizedDifference(from, to); diff != "" {
			return nil, internalError("the upgrade does not give the new schema", fmt.Errorf("%s", diff))
		}
		return p, nil
	}
	cur := from.Clone()
	down := make([]op.Op, len(up))
	for i, o := range up {
		if o.LosesData(cur) {
			p.DataLoss = append(p.DataLoss, o)
		}
		r, err := o.Reverse(cur)
		if err != nil {
			return nil, internalError("reverse "+o.String(), err)
		}
		down[len(up)-1-i] = refill(r)
		if err := o.Mutate(cur); err != nil {
			return nil, internalError("the upgrade does not apply", fmt.Errorf("%s: %w", o, err))
		}
	}
	if diff := schemaDifference(cur, to); diff != "" {
		return nil, internalError("the upgrade does not give the new schema", fmt.Errorf("%s", diff))
	}
	p.Down = down
	for _, o := range down {
		if err := o.Mutate(cur); err != nil {
			return nil, internalError("the downgrade does not apply", fmt.Errorf("%s: %w", o, err))
		}
	}
	if diff := schemaDifference(cur, from); diff != "" {
		return nil, internalError("the downgrade does not give the old schema back", fmt.Errorf("%s", diff))
	}
	return p, nil
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
