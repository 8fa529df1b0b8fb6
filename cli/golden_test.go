package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
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

// heads after two branches each added migrations from one head, read from
// the files alone (the history does not load).
func TestGoldenHeadsOfTwoBranches(t *testing.T) {
	t.Parallel()
	stdout, stderr := runHeads(t, [][3]string{
		{"aaaaaaaaaaaa", "", "start"}, {"bbbbbbbbbbbb", "aaaaaaaaaaaa", "add nickname"},
		{"cccccccccccc", "bbbbbbbbbbbb", "index nickname"}, {"dddddddddddd", "aaaaaaaaaaaa", "add sort key"},
	})
	wantContains(t, "stderr", stderr, "2 heads", "matardb merge")
	checkGolden(t, "heads_two_branches.golden", stdout)
}

// runHeads writes one stub migration file per {ID, parent, message} into a
// new directory, runs heads on it, and returns what it printed; it fails
// the test unless heads exits 0.
func runHeads(t *testing.T, ms [][3]string) (stdout, stderr string) {
	t.Helper()
	dir := t.TempDir()
	for _, m := range ms {
		src := "package migrations\n\nfunc init() {\n\tregister(history.Migration{ID: \"" + m[0] + "\", Parent: \"" + m[1] + "\"})\n}\n"
		if err := os.WriteFile(filepath.Join(dir, m[0]+"_"+strings.ReplaceAll(m[2], " ", "_")+".go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errs bytes.Buffer
	code := Run(context.Background(), Project{Name: "matardb"}, []string{"heads", "--dir", dir},
		strings.NewReader(""), &out, &errs, func(string) string { return "" })
	if code != exitOK {
		t.Fatalf("heads exited %d: %s", code, errs.String())
	}
	return out.String(), errs.String()
}
