package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A migration started with `revision -m` and filled by hand no longer has
// the checksum recorded in matardb.sum: check fails, saying to run hash,
// until hash records the reviewed file.
func TestAHandFilledRevisionFailsCheckUntilHashRecordsIt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds matardb twice")
	}
	s := newScratch(t)
	s.realModels(t)
	s.build(t)
	path := strings.TrimSpace(s.matardb(t, "revision", "-m", "fill phone numbers"))
	if !filepath.IsAbs(path) {
		path = filepath.Join(s.dir, path)
	}
	id, _, _ := strings.Cut(filepath.Base(path), "_")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	filled := strings.Replace(string(src), "\t\t\treturn nil\n\t\t},\n\t\tRollback",
		"\t\t\treturn tx.Exec(`UPDATE \"user\" SET \"phone\" = trim(\"phone\")`).Error\n\t\t},\n\t\tRollback", 1)
	if filled == string(src) {
		t.Fatalf("could not fill the empty migration:\n%s", src)
	}
	if err := os.WriteFile(path, []byte(filled), 0o644); err != nil {
		t.Fatal(err)
	}

	s.build(t)
	stderr := s.mustFail(t, 1, "check")
	for _, want := range []string{"migration " + id, "run `matardb hash`"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check stderr does not contain %q:\n%s", want, stderr)
		}
	}
	if out := s.matardb(t, "hash"); !strings.Contains(out, "recorded again "+id) {
		t.Errorf("hash stdout does not contain %q:\n%s", "recorded again "+id, out)
	}
	s.matardb(t, "check")
}
