package replay

import (
	"fmt"
	"slices"
)

// Loss is a step of a rollback that can lose data.
type Loss struct {
	ID   string // the migration whose Rollback holds the step
	Step string // the operation, as op.Op's String has it, or why it cannot be seen
}

// RollbackLosses lists the steps that can lose data (op.Op's LosesData,
// against the schema each meets) in the rollbacks of ids, given newest
// first as Down runs them, starting from the schema after ids[0]. A
// rollback whose raw SQL cannot be seen into is listed too, since it may
// lose data. It fails for an ID the history does not have, or a rollback
// step that does not fit the schema it meets.
func (r *Result) RollbackLosses(ids []string) ([]Loss, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	first := slices.IndexFunc(r.Steps, func(s Step) bool { return s.ID == ids[0] })
	if first < 0 {
		return nil, fmt.Errorf("migration %s is not in the replayed history", ids[0])
	}
	cur := r.Steps[first].After.Clone()
	var out []Loss
	for _, id := range ids {
		i := slices.IndexFunc(r.Steps, func(s Step) bool { return s.ID == id })
		if i < 0 {
			return nil, fmt.Errorf("migration %s is not in the replayed history", id)
		}
		s := r.Steps[i]
		for _, o := range s.Down {
			if o.LosesData(cur) {
				out = append(out, Loss{ID: id, Step: o.String()})
			}
			if err := o.Mutate(cur); err != nil {
				return nil, fmt.Errorf("the rollback of migration %s: %s: %w", id, o, err)
			}
		}
		if s.DownOpaque != "" {
			out = append(out, Loss{ID: id, Step: "a step matardb cannot see into (" + s.DownOpaque + ")"})
		}
	}
	return out, nil
}
