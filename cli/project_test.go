package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runProject runs the command line of p in process and returns its exit
// status, stdout and stderr.
func runProject(t *testing.T, p Project, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(context.Background(), p, args, strings.NewReader(""), &out, &errOut, func(string) string { return "" })
	return code, out.String(), errOut.String()
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
