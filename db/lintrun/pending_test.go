package lintrun_test

import (
	"context"
	"testing"

	"github.com/matar-app/matardb/db/lintrun"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/internal/testdb"
	"github.com/matar-app/matardb/migrations"
)

func TestPendingJudgesOnlyWhatTheDatabaseHasNotApplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrator.New(testdb.SQLite(t), h)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.UpTo(ctx, "4640e9af0234"); err != nil {
		t.Fatal(err)
	}
	judged, err := lintrun.Pending(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"29edbf20051e": false, "4640e9af0234": false, "01ea0e75088a": true, "4ec307c98b25": true} {
		if judged(id) != want {
			t.Errorf("judged(%s) = %v, want %v", id, judged(id), want)
		}
	}
}
