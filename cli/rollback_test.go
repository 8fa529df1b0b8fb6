package cli

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/internal/testdb"
)

// Finding 6: downgrade did not say it was about to drop data.
func TestDowngradeListsTheStepsThatDropData(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	url := "sqlite:" + testdb.SQLitePath(t)
	wantExit(t, matardbAt(t, url, "upgrade"), exitOK)
	r := matardbAt(t, url, "downgrade", "--yes", h.At(h.Len() - 3).ID[:6])
	wantExit(t, r, exitOK)
	wantContains(t, "stderr", r.stderr, "drops data", h.At(h.Len()-1).ID+`: drop column`,
		h.At(h.Len()-2).ID+`: drop column "post_activity"."organization_id"`)
	wantContains(t, "stdout", r.stdout, "database at "+h.At(h.Len()-3).ID)
}

func TestDowngradeSQLPrintsTheRollbacksConnectingToNothing(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	head, prev := h.At(h.Len()-1).ID, h.At(h.Len()-2).ID
	r := matardb(t, "downgrade", "--sql", "head:-1")
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, "-- matardb downgrade --sql: postgres, "+head+" to "+prev,
		"-- "+head+":", "DELETE FROM migrations WHERE id = '"+head+"'", "COMMIT;")
	if strings.Contains(r.stdout, "-- "+prev+":") {
		t.Errorf("the rollback of %s was printed too:\n%s", prev, r.stdout)
	}
	r = matardb(t, "downgrade", "--sql", "-1")
	wantExit(t, r, exitUsage)
}

// Finding 4 through the command line, on PostgreSQL: a migration applied
// from a branch and dropped in the merge.
func TestStampPurgeNamesWhatItRemoves(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	wantExit(t, matardbAt(t, url, "upgrade"), exitOK)
	gdb := open(t, url)
	if err := gdb.Exec(`INSERT INTO migrations (id, message, applied_at, seq) VALUES ('dropped00001', 'from a branch', now(), 99)`).Error; err != nil {
		t.Fatal(err)
	}
	r := matardbAt(t, url, "upgrade")
	wantExit(t, r, exitFail)
	wantContains(t, "stderr", r.stderr, "dropped00001", "stamp --purge head")
	r = matardbAt(t, url, "stamp", "--purge", "head")
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, "removed the record of dropped00001 (from a branch)", "(head)")
	wantExit(t, matardbAt(t, url, "upgrade"), exitOK)
}

// downgrade listed (and asked about) what it would roll back from a plan
// made before taking the migration lock, then planned again under it: a
// database changed in between had other migrations rolled back than those
// shown. The test holds the lock, lets downgrade show its plan, rolls the
// head back "as another process" (its bookkeeping row; the schema does not
// matter, since nothing may run), then lets downgrade take the lock.
func TestDowngradeRefusesWhenTheDatabaseChangedAfterItShowedThePlan(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	head, prev := h.At(h.Len()-1).ID, h.At(h.Len()-2).ID
	url := testdb.PostgresURL(t)
	wantExit(t, matardbAt(t, url, "upgrade"), exitOK)
	gdb := open(t, url)
	sqlDB, err := gdb.DB()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	holder, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrator.AdvisoryLockKey); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(binary, "downgrade", "--yes", "--lock-wait", "1m", "-1")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "DATABASE_URL="+url)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
	defer timer.Stop()
	lines := bufio.NewScanner(stderr)
	var seen []string
	for lines.Scan() {
		seen = append(seen, lines.Text())
		if strings.Contains(lines.Text(), "drops data") {
			break
		}
	}
	if !slices.ContainsFunc(seen, func(l string) bool { return strings.Contains(l, "rolling back "+head+" drops data") }) {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("downgrade did not show its plan:\n%s", strings.Join(seen, "\n"))
	}
	if _, err := holder.ExecContext(ctx, "DELETE FROM migrations WHERE id = $1", head); err != nil {
		t.Fatal(err)
	}
	if _, err := holder.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", migrator.AdvisoryLockKey); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
		seen = append(seen, lines.Text())
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFail {
		t.Fatalf("downgrade ended with %v, want exit 1\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), strings.Join(seen, "\n"))
	}
	want := "matardb: the migrations to roll back changed since they were planned (planned: " + head +
		"; under the migration lock: " + prev + "): another process applied or rolled back migrations meanwhile, " +
		"and nothing was rolled back; run matardb downgrade -1 again to see what it rolls back now"
	if last := seen[len(seen)-1]; last != want {
		t.Errorf("last stderr line:\n%s\nwant:\n%s", last, want)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing", stdout.String())
	}
	var want2 []string
	for _, m := range h.Migrations()[:h.Len()-1] {
		want2 = append(want2, m.ID)
	}
	slices.Sort(want2)
	if got := recorded(t, gdb); !slices.Equal(got, want2) {
		t.Errorf("after the refused downgrade the bookkeeping records %v, want %v", got, want2)
	}
	if !gdb.Migrator().HasColumn("post_activity", "organization_id") {
		t.Errorf("post_activity.organization_id, which %s added, is gone: %s was rolled back", prev, prev)
	}
}
