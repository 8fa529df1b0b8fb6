package cli

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// checkGolden compares got with testdata/golden/name.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is intended):\ngot:\n%s", name, got)
	}
}

// Alembic's heads, show and history --verbose, over Matar's history.
func TestGoldenHeadsShowAndVerboseHistory(t *testing.T) {
	t.Parallel()
	for name, args := range map[string][]string{
		"heads.golden":           {"heads"},
		"show.golden":            {"show", "4640"},
		"history_verbose.golden": {"history", "--verbose"},
	} {
		r := matardb(t, args...)
		wantExit(t, r, exitOK)
		checkGolden(t, name, r.stdout)
	}
}
