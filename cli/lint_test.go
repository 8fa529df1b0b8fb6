package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/internal/testdb"
	"github.com/matar-app/matardb/migrations"
	"github.com/matar-app/matardb/models"
)

// dropIndexAndKey is a history that dropped an index and a foreign key of
// post_activity, so that revision adds them back to a table that exists.
func dropIndexAndKey(t *testing.T) *changed {
	t.Helper()
	return changedHistory(t,
		op.DropIndex("post_activity", "ix_post_activity_post_id"),
		op.DropForeignKey("post_activity", "post_activity_user_id_fkey"))
}

func TestRevisionWritesTheSafeFormOnExistingTablesAndLintsIt(t *testing.T) {
	t.Parallel()
	c := dropIndexAndKey(t)
	r := c.run(t, "revision", "-m", "index activity", "--autogenerate", "--dir", c.dir)
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, "concurrently", "not valid", "(PostgreSQL):\nno findings\n")
	path, _, _ := strings.Cut(r.stdout, "\n")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, path, string(src), "NoTransaction: true", `op.CreateIndexConcurrently("post_activity"`,
		`op.AddForeignKeyNotValid("post_activity"`, `op.ValidateConstraint("post_activity", "post_activity_user_id_fkey")`)

	plain := dropIndexAndKey(t)
	r = plain.run(t, "revision", "-m", "index activity", "--autogenerate", "--no-safe-plans", "--dir", plain.dir)
	wantExit(t, r, exitOK)
	wantContains(t, "stdout with --no-safe-plans", r.stdout, "MDB101", "MDB103", "2 findings, 0 acknowledged, 2 to fix")
}

func TestLintWithoutADatabaseJudgesTheWholeHistory(t *testing.T) {
	t.Parallel()
	r := matardb(t, "lint")
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, "4ec307c98b25 MDB104 (acknowledged: ", "10 findings, 10 acknowledged, 0 to fix")
	r = matardb(t, "lint", "01ea0e75088a")
	wantExit(t, r, exitOK)
	if r.stdout != "no findings\n" {
		t.Errorf("lint 01ea0e75088a: stdout = %q, want no findings", r.stdout)
	}
	wantExit(t, matardb(t, "lint", "0123456789ab"), exitFail)
	wantExit(t, matardb(t, "lint", "--all", "01ea0e75088a"), exitUsage)
}

func TestLintJudgesThePendingMigrationsOfTheDatabase(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	wantExit(t, matardbAt(t, url, "upgrade", "01ea0e75088a"), exitOK)
	r := matardbAt(t, url, "lint")
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, "10 findings, 10 acknowledged")
	wantExit(t, matardbAt(t, url, "upgrade"), exitOK)
	r = matardbAt(t, url, "lint")
	wantExit(t, r, exitOK)
	if r.stdout != "no findings\n" {
		t.Errorf("lint with nothing pending: stdout = %q, want no findings", r.stdout)
	}
}

// withoutAcks copies the migrations and removes 4ec307c98b25's
// acknowledgements, recording the sums again.
func withoutAcks(t *testing.T) string {
	t.Helper()
	dir := copyMigrations(t)
	path := filepath.Join(dir, "4ec307c98b25_add_the_organization_columns_the_seed.go")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src = regexp.MustCompile(`(?m)^\s*//matardb:lint-ok .*\n`).ReplaceAll(src, nil)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	wantExit(t, matardb(t, "hash", "--dir", dir), exitOK)
	return dir
}

func TestLintAndCheckFailOnARuleBrokenWithoutAnAcknowledgement(t *testing.T) {
	t.Parallel()
	dir := withoutAcks(t)
	r := matardb(t, "lint", "--all", "--dir", dir)
	wantExit(t, r, exitFail)
	wantContains(t, "lint stdout", r.stdout, "4ec307c98b25 MDB112: UPDATE", "10 findings, 0 acknowledged, 10 to fix")
	wantContains(t, "lint stderr", r.stderr, "do not acknowledge", "//matardb:lint-ok RULE reason")
	r = unbuilt(t, "check", "--dir", dir)
	wantExit(t, r, exitFail)
	wantContains(t, "check stdout", r.stdout, "agree", "10 to fix")
}

func TestAProjectWithoutSafePlansIsNotLintedByCheck(t *testing.T) {
	t.Parallel()
	dir := withoutAcks(t)
	p := Project{Models: models.All(), History: migrations.All}
	if code, out, _ := runProject(t, p, "check", "--dir", dir); code != exitFail || !strings.Contains(out, "10 to fix") {
		t.Fatalf("check: exit %d, stdout %q; want 1 with lint's findings", code, out)
	}
	p.NoSafePlans = true
	if code, out, errOut := runProject(t, p, "check", "--dir", dir); code != exitOK || strings.Contains(out, "MDB") {
		t.Fatalf("check of a project without safe plans: exit %d\n%s%s; want 0 and no lint", code, out, errOut)
	}
}
