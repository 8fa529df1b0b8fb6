package lintrun_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/lint"
	"github.com/matar-app/matardb/db/lintrun"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/migrations"
)

// TestMatarHistoryPassesLint guards that Matar's own history breaks no
// rule it does not acknowledge with a reason.
func TestMatarHistoryPassesLint(t *testing.T) {
	t.Parallel()
	h, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	findings, err := lintrun.Run(context.Background(), &buf, h.Migrations(), lintrun.All,
		lintrun.Options{Dir: "../../migrations", LockTimeout: migrator.DefaultLockTimeout})
	if err != nil {
		t.Fatal(err)
	}
	if acked := strings.Count(buf.String(), "(acknowledged: "); acked != 10 {
		t.Errorf("%d acknowledged findings, want 4ec307c98b25's 10 (five NOT NULL backfills):\n%s", acked, buf.String())
	}
	if lint.ExitCode(findings) != 0 {
		t.Fatalf("Matar's history breaks rules it does not acknowledge:\n%s", buf.String())
	}
	t.Logf("\n%s", buf.String())
}
