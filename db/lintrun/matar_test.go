package lintrun_test

import (
	"bytes"
	"context"
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
	ms, err := lintrun.Migrations(context.Background(), h.Migrations(), lintrun.All,
		lintrun.Options{Dir: "../../migrations", LockTimeout: migrator.DefaultLockTimeout})
	if err != nil {
		t.Fatal(err)
	}
	findings := lint.Check(ms, lint.Options{})
	var buf bytes.Buffer
	if err := lint.WriteText(&buf, findings); err != nil {
		t.Fatal(err)
	}
	if lint.ExitCode(findings) != 0 {
		t.Fatalf("Matar's history breaks rules it does not acknowledge:\n%s", buf.String())
	}
	t.Logf("\n%s", buf.String())
}
