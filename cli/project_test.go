package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matar-app/matardb/internal/testfs"
	"github.com/matar-app/matardb/migrations"
	"github.com/matar-app/matardb/models"
)

// runProject runs the command line of p in process and returns its exit
// status, stdout and stderr.
func runProject(t *testing.T, p Project, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(context.Background(), p, args, strings.NewReader(""), &out, &errOut, func(string) string { return "" })
	return code, out.String(), errOut.String()
}

// unbuilt runs Matar's command line in process as cmd/matardb builds it,
// but without Built: for a test that edits a copy of the migrations and
// checks it, which the test's binary, built from the originals, would
// rightly refuse as stale.
func unbuilt(t *testing.T, args ...string) result {
	t.Helper()
	p := Project{Name: "matardb", Models: models.All(), History: migrations.All, Registered: migrations.Registered}
	code, out, errOut := runProject(t, p, args...)
	return result{stdout: out, stderr: errOut, code: code}
}

func TestAProjectsNameDefaultURLAndDirReachUsageAndErrors(t *testing.T) {
	t.Parallel()
	p := Project{Name: "appdb", DefaultURL: "sqlite:app.db", Dir: "db/migrations"}
	code, out, _ := runProject(t, p, "help")
	if code != exitOK {
		t.Fatalf("help exited %d", code)
	}
	wantContains(t, "usage", out, "Usage: appdb [--database-url URL] COMMAND", "else sqlite:app.db:", "Run 'appdb help COMMAND'")
	_, out, _ = runProject(t, p, "help", "check")
	wantContains(t, "check usage", out, "Usage: appdb [--database-url URL] check", "run appdb hash", "(default db/migrations)")
	code, _, errOut := runProject(t, p, "frobnicate")
	if code != exitUsage || !strings.HasPrefix(errOut, `appdb: unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q; want 2 and the program's name first", code, errOut)
	}
}

func TestAnEmptyProjectIsNamedMatardbOnAFileNamedAfterIt(t *testing.T) {
	t.Parallel()
	_, out, _ := runProject(t, Project{}, "help")
	wantContains(t, "usage", out, "Usage: matardb [--database-url URL]", "else sqlite:matardb.db:")
}

// staleProject copies the models and migrations directories into a new
// project root, with one model file edited since the binary was built, and
// returns the root.
func staleProject(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	testfs.CopyDir(t, filepath.Join(repoRoot, "models"), filepath.Join(root, "models"))
	testfs.CopyDir(t, filepath.Join(repoRoot, "migrations"), filepath.Join(root, "migrations"))
	f, err := os.OpenFile(filepath.Join(root, "models", "user.go"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("\n// edited after the build\n"); err != nil {
		t.Fatal(err)
	}
	return root
}

// The stale-binary check read models/ and migrations/ in the working
// directory, whatever --dir said: run elsewhere it missed a stale build,
// and it blamed a project it was not asked about.
func TestTheStaleBinaryCheckReadsTheProjectOfDir(t *testing.T) {
	t.Parallel()
	stale := staleProject(t)
	elsewhere := t.TempDir()
	r := invocation{dir: elsewhere}.run(t, "check", "--dir", filepath.Join(stale, "migrations"))
	wantExit(t, r, exitFail)
	wantContains(t, "stderr", r.stderr, "matardb: this matardb was built from other sources than those on disk",
		filepath.Join(stale, "models", "user.go")+" changed")

	// Run from inside the stale project, a relative --dir naming the
	// project the binary was built from finds nothing stale.
	rel, err := filepath.Rel(stale, filepath.Join(repoRoot, "migrations"))
	if err != nil {
		t.Fatal(err)
	}
	r = invocation{dir: stale}.run(t, "check", "--dir", rel)
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, "OK: the models and the migrations agree")
}

func TestBuiltDirFollowsDir(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		def, key, dir, want string
	}{
		{"", "migrations", "../app/migrations", "../app/migrations"},
		{"", "models", "../app/migrations", "../app/models"},
		{"", "models", "migrations", "models"},
		{"", "models", ".", "../models"},
		{"", "models", "/srv/app/db", "/srv/app/models"},
		{"db/migrations", "db/migrations", "/srv/app/db/migrations", "/srv/app/db/migrations"},
		{"db/migrations", "models", "/srv/app/db/migrations", "/srv/app/models"},
		{"", "/abs/models", "../app/migrations", "/abs/models"},
	} {
		p := &Project{Dir: c.def}
		if got := builtDir(p, c.key, c.dir); got != filepath.FromSlash(c.want) {
			t.Errorf("Dir %q, key %q, --dir %q: %q, want %q", c.def, c.key, c.dir, got, c.want)
		}
	}
}
