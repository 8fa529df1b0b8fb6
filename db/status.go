package db

import (
	"cmp"
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
)

// MigrationStatus describes one migration, for `matardb status` and `history`.
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
// Options used: WithHistory.
func Status(ctx context.Context, gdb *gorm.DB, opts ...Option) ([]MigrationStatus, error) {
	cfg, recs, err := readOnly(ctx, gdb, opts)
	if err != nil {
		return nil, err
	}
	var out []MigrationStatus
	for _, m := range cfg.history.Migrations() {
		s := MigrationStatus{ID: m.ID, Message: m.Message, State: StatePending, Known: true}
		if r, ok := recs[m.ID]; ok {
			s = statusOf(r, true)
			s.Message = m.Message
			s.ChecksumMismatch = m.Checksum != "" && r.Checksum != "" && m.Checksum != r.Checksum
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
// AllowUnknownApplied (then those are ignored). Options used: WithHistory,
// AllowUnknownApplied.
func Current(ctx context.Context, gdb *gorm.DB, opts ...Option) (string, error) {
	cfg, recs, err := readOnly(ctx, gdb, opts)
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
func readOnly(ctx context.Context, gdb *gorm.DB, opts []Option) (*config, map[string]*record, error) {
	cfg, d, err := setup(gdb, opts)
	if err != nil {
		return nil, nil, err
	}
	have, err := d.columns(gdb.WithContext(ctx), TableName)
	if err != nil || len(have) == 0 {
		return cfg, map[string]*record{}, err
	}
	var cols []string
	for _, c := range columnNames() {
		if slices.Contains(have, c) {
			cols = append(cols, c)
		}
	}
	recs, err := readRecords(ctx, gdb, cols)
	return cfg, recs, err
}
