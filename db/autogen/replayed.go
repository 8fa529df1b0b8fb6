package autogen

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/schema"
)

// Replayed is the schema the history builds, rebuilt from its migrations'
// operations without a database (package replay does it; autogen takes
// the result so that it needs neither the compiled history nor gormigrate).
type Replayed struct {
	// Schema is what the whole history builds.
	Schema *schema.Schema
	// Opaque names the migrations whose effect the replay cannot see whole
	// (raw SQL), "ID (why)".
	Opaque []string
}

// ErrSnapshotStale is wrapped by *SnapshotDiffError.
var ErrSnapshotStale = errors.New("the schema snapshot differs from the schema the history builds")

// SnapshotDiffError reports a schema snapshot that is not what the history
// builds: generating from it would write operations the history already
// made, or miss ones it did not.
type SnapshotDiffError struct {
	Path string
	// Ops are the operations that would turn the snapshot into the
	// history's schema, one line each.
	Ops []string
	// Opaque names the migrations holding raw SQL, which the replay cannot
	// see into: if one of them changes the schema, the snapshot may be
	// right and the history's op steps incomplete.
	Opaque []string
}

func (e *SnapshotDiffError) Error() string { return e.Describe("regenerate it from the history") }

// Describe says what Error says, with regenerate as the advice (a command
// line names its command there).
func (e *SnapshotDiffError) Describe(regenerate string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "the schema snapshot %s is not the schema the migrations build; %s. "+
		"To make the snapshot what the history builds:", e.Path, regenerate)
	for _, o := range e.Ops {
		fmt.Fprintf(&b, "\n  %s", o)
	}
	if len(e.Opaque) > 0 {
		fmt.Fprintf(&b, "\nMigrations whose raw SQL the replay cannot see into: %s; "+
			"a schema change made there belongs in op steps.", strings.Join(e.Opaque, ", "))
	}
	return b.String()
}

// Unwrap lets errors.Is(err, ErrSnapshotStale) match.
func (e *SnapshotDiffError) Unwrap() error { return ErrSnapshotStale }

// snapshotDiff compares the snapshot of dir with the replayed history; nil
// when r is nil or they agree.
func snapshotDiff(dir string, snap *schema.Schema, r *Replayed) (*SnapshotDiffError, error) {
	if r == nil {
		return nil, nil
	}
	plan, err := diffFilled(snap, r.Schema, Options{Backfill: map[string]string{}})
	if err != nil {
		return nil, fmt.Errorf("compare the schema snapshot with the history: %w", err)
	}
	if plan.Empty() {
		return nil, nil
	}
	return &SnapshotDiffError{Path: filepath.Join(dir, migdir.SnapshotFile), Ops: opLines(plan, plan.Up), Opaque: r.Opaque}, nil
}

// diffFilled is Diff with NULL as the backfill value of every column opts
// has none for: for listing differences, not for writing migrations.
func diffFilled(from, to *schema.Schema, opts Options) (*Plan, error) {
	plan, err := Diff(from, to, opts)
	var bf *BackfillError
	if errors.As(err, &bf) {
		for _, c := range bf.Columns {
			opts.Backfill[c] = "NULL"
		}
		plan, err = Diff(from, to, opts)
	}
	return plan, err
}

// WriteSnapshot makes dir's schema snapshot the schema r says the history
// builds, at head, and returns the file's path. It is how a snapshot that
// a merge broke, or that was edited, is regenerated.
func WriteSnapshot(dir, head string, r *Replayed) (string, error) {
	if dir == "" {
		dir = migdir.DefaultDir
	}
	if r == nil || r.Schema == nil {
		return "", errors.New("regenerating the schema snapshot needs the replayed history")
	}
	return migdir.WriteSnapshot(dir, &schema.Snapshot{Head: head, Schema: *r.Schema})
}
