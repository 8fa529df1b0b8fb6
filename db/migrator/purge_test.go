package migrator

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/matar-app/matardb/internal/testdb"
)

// Finding 4: a migration applied on a shared database from a branch, then
// dropped in the merge. Every run failed until a hand-written DELETE.
func TestStampPurgeRemovesTheRecordOfAMigrationTheCodeNoLongerHas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gdb := testdb.Postgres(t)
	ms := tableChain(3)
	ms[2].Message = "add the experiment table"
	branch := mustHistory(t, ms...)
	opts, _ := testOpts(branch)
	m, err := New(gdb, branch, opts[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	// The merged code: m03 was dropped, and its table undone by hand.
	if err := gdb.Exec(`DROP TABLE t03`).Error; err != nil {
		t.Fatal(err)
	}
	merged := mustHistory(t, ms[:2]...)
	opts, _ = testOpts(merged)
	m, err = New(gdb, merged, opts[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	err = m.Up(ctx)
	if !errors.Is(err, ErrUnknownApplied) || !strings.Contains(err.Error(), "StampPurge") {
		t.Fatalf("Up: err = %v, want ErrUnknownApplied pointing at StampPurge", err)
	}
	removed, err := m.StampPurge(ctx, merged.Head())
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 1 || removed[0].ID != "m03" || removed[0].Message != "add the experiment table" || removed[0].AppliedAt.IsZero() {
		t.Fatalf("StampPurge removed %+v, want exactly m03 with its message and time", removed)
	}
	wantRecorded(t, gdb, "m01", "m02")
	if err := m.Up(ctx); err != nil {
		t.Fatalf("Up after the purge: %v", err)
	}
	if removed, err := m.StampPurge(ctx, merged.Head()); err != nil || len(removed) != 0 {
		t.Fatalf("a second purge removed %+v, %v; want nothing", removed, err)
	}
}
