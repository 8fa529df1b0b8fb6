package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// git runs git in the scratch module; a conflicting merge is allowed to fail.
func (s *scratch) git(t *testing.T, mayFail bool, args ...string) {
	t.Helper()
	args = append([]string{"-c", "user.name=Dev", "-c", "user.email=dev@example.com", "-c", "init.defaultBranch=main"}, args...)
	if !mayFail {
		s.mustRun(t, "git", args...)
		return
	}
	cmd := exec.CommandContext(t.Context(), "git", args...)
	cmd.Dir = s.dir
	_ = cmd.Run()
}

// edit replaces old by new in the scratch module's file path.
func (s *scratch) edit(t *testing.T, path, old, new string) {
	t.Helper()
	full := filepath.Join(s.dir, path)
	src, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(full, []byte(strings.Replace(string(src), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Finding 3: two developers generate a migration from the same head on two
// branches and merge; schema.json and matardb.sum conflict, and no command
// joined the heads. Now: merge, then check, and the joined history runs.
// Finding 10 on the way: a binary built before a model edit says to rebuild.
func TestTwoBranchesGeneratedFromOneHeadEndInMergeAndCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: compiles a copy of the module several times")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("skipping: needs git")
	}
	s := gitScratch(t)

	s.git(t, false, "checkout", "-qb", "nickname")
	s.edit(t, "models/user.go", "\tRoles    Roles    `gorm:\"column:roles;type:json\"`\n",
		"\tRoles    Roles    `gorm:\"column:roles;type:json\"`\n\tNickname *string `gorm:\"column:nickname;type:varchar\"`\n")
	stale := s.mustFail(t, 1, "revision", "-m", "add nickname", "--autogenerate")
	if !strings.Contains(stale, "models/user.go changed") || !strings.Contains(stale, "Rebuild") {
		t.Errorf("a binary built before the model edit did not say to rebuild:\n%s", stale)
	}
	s.build(t)
	s.matardb(t, "revision", "-m", "add nickname", "--autogenerate")
	s.git(t, false, "add", "-A")
	s.git(t, false, "commit", "-qm", "nickname")

	s.git(t, false, "checkout", "-q", "main")
	s.git(t, false, "checkout", "-qb", "sortkey")
	s.edit(t, "models/category.go", "\tOrganizationID *string `gorm:\"column:organization_id;type:varchar\"`\n",
		"\tOrganizationID *string `gorm:\"column:organization_id;type:varchar\"`\n\tSortKey        *string `gorm:\"column:sort_key;type:varchar\"`\n")
	s.build(t)
	s.matardb(t, "revision", "-m", "add sort key", "--autogenerate")
	s.git(t, false, "add", "-A")
	s.git(t, false, "commit", "-qm", "sortkey")

	s.git(t, false, "checkout", "-q", "main")
	s.git(t, false, "merge", "-q", "nickname")
	s.git(t, true, "merge", "-q", "sortkey") // schema.json and matardb.sum conflict
	for _, f := range []string{"migrations/schema.json", "migrations/matardb.sum"} {
		s.git(t, false, "checkout", "--theirs", f)
	}
	s.build(t)
	heads := s.matardb(t, "heads")
	if strings.Count(heads, "(head)") != 2 {
		t.Fatalf("heads after the merge:\n%s", heads)
	}
	out := s.matardb(t, "merge")
	if !strings.Contains(out, "moved ") {
		t.Fatalf("merge printed:\n%s", out)
	}
	s.build(t)
	s.matardb(t, "check")
	if heads := s.matardb(t, "heads"); strings.Count(heads, "(head)") != 1 {
		t.Fatalf("heads after merge:\n%s", heads)
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "merged.db")
	s.matardb(t, "--database-url", db, "upgrade")
	status := s.matardb(t, "--database-url", db, "status")
	for _, want := range []string{"add nickname", "add sort key", "0 pending"} {
		if !strings.Contains(status, want) {
			t.Errorf("status after upgrading the merged history does not contain %q:\n%s", want, status)
		}
	}
}

// gitScratch is a scratch module with the real models and migrations,
// committed as the start of a git repository, and its command built.
func gitScratch(t *testing.T) *scratch {
	t.Helper()
	s := newScratch(t)
	s.realModels(t)
	s.git(t, false, "init", "-q")
	s.git(t, false, "add", "-A")
	s.git(t, false, "commit", "-qm", "start")
	s.build(t)
	return s
}
