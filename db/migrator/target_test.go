package migrator

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/matar-app/matardb/internal/testdb"
)

func TestRelativeTargetsAndIDPrefixes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gdb := testdb.SQLite(t)
	ms := tableChain(4)
	ids := []string{"4ec307c98b25", "4ec3aa000000", "9f00aa000000", "b1c2d3e4f5a6"}
	for i := range ms {
		ms[i].ID = ids[i]
		if i > 0 {
			ms[i].Parent = ids[i-1]
		}
	}
	h := mustHistory(t, ms...)
	opts, _ := testOpts(h)
	m, err := New(gdb, h, opts[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.UpTo(ctx, "+1"); err != nil {
		t.Fatal(err)
	}
	wantRecorded(t, gdb, ids[0])
	if err := m.UpTo(ctx, "9f"); err != nil {
		t.Fatal(err)
	}
	wantRecorded(t, gdb, ids[:3]...)
	err = m.UpTo(ctx, "+2")
	if !errors.Is(err, ErrUnknownTarget) || !strings.Contains(err.Error(), "only 1 migrations are pending") {
		t.Fatalf("+2 with one pending: err = %v", err)
	}
	err = m.Down(ctx, "4ec3")
	if !errors.Is(err, ErrUnknownTarget) || !strings.Contains(err.Error(), ids[0]) || !strings.Contains(err.Error(), ids[1]) {
		t.Fatalf("an ambiguous prefix: err = %v, want both IDs named", err)
	}
	if err := m.Down(ctx, "4ec30"); err != nil {
		t.Fatal(err)
	}
	wantRecorded(t, gdb, ids[0])
	if err := m.UpTo(ctx, Head); err != nil {
		t.Fatal(err)
	}
	wantRecorded(t, gdb, ids...)
	if err := m.Down(ctx, "-2"); err != nil {
		t.Fatal(err)
	}
	wantRecorded(t, gdb, ids[:2]...)
	if err := m.Stamp(ctx, "b1"); err != nil {
		t.Fatal(err)
	}
	if cur, err := m.Current(ctx); err != nil || cur != ids[3] {
		t.Fatalf("Current after stamping a prefix = %q, %v", cur, err)
	}
}
