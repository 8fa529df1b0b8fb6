package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binary is the matardb command built once for every test.
var binary string

// repoRoot is the module's root directory, where `check` and `revision`
// find the migrations.
var repoRoot, _ = filepath.Abs("..")

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "matardb-cli")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "matardb")
	out, err := exec.Command("go", "build", "-o", binary, "../cmd/matardb").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build matardb: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is how a run of the binary ended.
type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// invocation describes one run of the binary.
type invocation struct {
	dir   string            // working directory; default the module root
	env   map[string]string // added to the environment, DATABASE_URL removed from it first
	stdin string
}

// matardb runs the binary with args from the module root, DATABASE_URL unset.
func matardb(t *testing.T, args ...string) result {
	t.Helper()
	return invocation{}.run(t, args...)
}

// matardbAt runs the binary with DATABASE_URL set to url.
func matardbAt(t *testing.T, url string, args ...string) result {
	t.Helper()
	return invocation{env: map[string]string{"DATABASE_URL": url}}.run(t, args...)
}

func (in invocation) run(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = in.dir
	if cmd.Dir == "" {
		cmd.Dir = repoRoot
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DATABASE_URL=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range in.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdin = strings.NewReader(in.stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run matardb %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// wantExit fails t unless r ended with code.
func wantExit(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("want exit %d, got %v", code, r)
	}
}

// wantContains fails t unless s contains each of subs.
func wantContains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s does not contain %q:\n%s", what, sub, s)
		}
	}
}
