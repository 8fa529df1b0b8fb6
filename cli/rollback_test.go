package cli

import (
	"strings"
	"testing"

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
