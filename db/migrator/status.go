package migrator

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// MigrationStatus describes one migration, for status listings.
type MigrationStatus struct {
	ID      string
	Message string
	State   State // StatePending when the database has no row for it
	// Known is false for a migration applied in the database that the
	// history does not contain.
	Known     bool
	AppliedAt time.Time     // UTC; zero when pending or unknown
	Duration  time.Duration // how long it ran; zero unless Timed
	Timed     bool          // false for pending, adopted, stamped and gormigrate rows
	// ChecksumMismatch reports that the migration was applied with a
	// different checksum than the history's: its source was edited since.
	ChecksumMismatch bool
}

// Applied reports whether the migration counts as applied: its State is
// StateApplied, StateAdopted or StateStamped.
func (s MigrationStatus) Applied() bool { return s.State.done() }

// Status lists every migration of the history in order, then the applied
// migrations the history does not contain (in the order they were applied).
// It only reads: a missing bookkeeping table means everything is pending.
// It never fails on unknown migrations: it lists them, with Known false.
func (m *Migrator) Status(ctx context.Context) ([]MigrationStatus, error) {
	cfg := m.cfg
	recs, err := m.readOnly(ctx)
	if err != nil {
		return nil, err
	}
	var out []MigrationStatus
	for _, mig := range cfg.history.Migrations() {
		s := MigrationStatus{ID: mig.ID, Message: mig.Message, State: StatePending, Known: true}
		if r, ok := recs[mig.ID]; ok {
			s = statusOf(r, true)
			s.Message = mig.Message
			s.ChecksumMismatch = mig.Checksum != "" && r.Checksum != "" && mig.Checksum != r.Checksum
		}
		out = append(out, s)
	}
	var unknown []*record
	for id, r := range recs {
		if cfg.history.Get(id) == nil {
			unknown = append(unknown, r)
		}
	}
	slices.SortFunc(unknown, func(a, b *record) int { return cmp.Or(cmp.Compare(a.Seq, b.Seq), cmp.Compare(a.ID, b.ID)) })
	for _, r := range unknown {
		out = append(out, statusOf(r, false))
	}
	return out, nil
}

func statusOf(r *record, known bool) MigrationStatus {
	return MigrationStatus{ID: r.ID, Message: r.Message, State: r.State, Known: known,
		AppliedAt: r.AppliedAt, Duration: r.Duration, Timed: r.Timed}
}

// Current returns the ID of the last migration of the history that is
// applied, "" when none is. It only reads. It fails with ErrUnknownApplied
// when the database has migrations the history does not contain, unless
// AllowUnknownApplied (then those are ignored).
func (m *Migrator) Current(ctx context.Context) (string, error) {
	cfg := m.cfg
	recs, err := m.readOnly(ctx)
	if err != nil {
		return "", err
	}
	p := makePlan(cfg.history, recs, cfg.history.Len()-1)
	if len(p.unknown) > 0 && !cfg.allowUnknown {
		return "", p.check(cfg.history, false)
	}
	return current(cfg.history, recs), nil
}

// readOnly reads the bookkeeping rows as they are, whatever columns the
// table has, without creating or changing it.
func (m *Migrator) readOnly(ctx context.Context) (map[string]*record, error) {
	have, err := m.d.columns(m.gdb.WithContext(ctx), m.cfg.table)
	if err != nil || len(have) == 0 {
		return map[string]*record{}, err
	}
	if err := foreignTable(m.cfg.table, have); err != nil {
		return nil, err
	}
	var cols []string
	for _, c := range columnNames() {
		if slices.Contains(have, c) {
			cols = append(cols, c)
		}
	}
	return readRecords(ctx, m.gdb, m.cfg.table, cols)
}
