package migrator

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/matar-app/matardb/db/history"
)

// plan is what the bookkeeping rows say about the history.
type plan struct {
	pending  []*history.Migration // not applied, up to the target, in history order
	unknown  []*record            // rows the history does not contain, in seq order
	broken   []*record            // StateStarted and StateFailed rows
	modified []*history.Migration // applied with a checksum other than the history's
}

// makePlan compares recs with h; migrations after the one at index last
// are not pending. It reads nothing from the database.
func makePlan(h *history.History, recs map[string]*record, last int) *plan {
	p := &plan{}
	for i, m := range h.Migrations() {
		r, ok := recs[m.ID]
		switch {
		case !ok && i <= last:
			p.pending = append(p.pending, m)
		case !ok:
		case !r.State.done():
			p.broken = append(p.broken, r)
		case m.Checksum != "" && r.Checksum != "" && r.Checksum != m.Checksum:
			p.modified = append(p.modified, m)
		}
	}
	for id, r := range recs {
		if h.Get(id) == nil {
			p.unknown = append(p.unknown, r)
		}
	}
	slices.SortFunc(p.unknown, func(a, b *record) int {
		return cmp.Or(cmp.Compare(a.Seq, b.Seq), cmp.Compare(a.ID, b.ID))
	})
	return p
}

// check fails on rows that block every run: unknown ones (unless allowed)
// and StateStarted or StateFailed ones.
func (p *plan) check(h *history.History, allowUnknown bool) error {
	if len(p.unknown) > 0 && !allowUnknown {
		ids := recordIDs(p.unknown)
		return fmt.Errorf("%w: %s; deploy the newer code that has them, or allow them explicitly (AllowUnknownApplied); "+
			"if no code has them any more (a migration dropped in a merge), undo what they did by hand and "+
			"remove their record (StampPurge)",
			ErrUnknownApplied, strings.Join(ids, ", "))
	}
	if len(p.broken) > 0 {
		return failedError(h, p.broken[0])
	}
	return nil
}

// failedError describes a StateStarted or StateFailed row r.
func failedError(h *history.History, r *record) *FailedMigrationError {
	parent := Base
	if m := h.Get(r.ID); m != nil && m.Parent != "" {
		parent = m.Parent
	}
	return &FailedMigrationError{ID: r.ID, Message: r.Message, State: r.State, At: r.AppliedAt, Parent: parent}
}
