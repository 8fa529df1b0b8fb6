package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sumLines returns the entry lines of dir's sum file (its checksum line left out).
func sumLines(t *testing.T, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "matardb.sum"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	return lines[1:]
}

func TestHashRecordsAReviewedEditSoThatCheckPassesAgain(t *testing.T) {
	dir := scratchMigrations(t, nil)
	h := theHistory(t)
	head := h.At(h.Len() - 1)
	files, _ := filepath.Glob(filepath.Join(dir, head.ID+"_*.go"))
	if len(files) != 1 {
		t.Fatalf("files of the head %s: %v", head.ID, files)
	}
	before := sumLines(t, dir)
	src, _ := os.ReadFile(files[0])
	os.WriteFile(files[0], append(src, "\n// reviewed by hand\n"...), 0o644)

	r := unbuilt(t, "check", "--dir", dir)
	wantExit(t, r, exitFail)
	wantContains(t, "check stderr", r.stderr, head.ID, "if you edited it on purpose before it was applied anywhere, run `matardb hash`",
		"an applied migration must not be edited — write a new one")

	r = matardb(t, "hash", "--dir", dir)
	wantExit(t, r, exitOK)
	want := "recorded again " + head.ID + " (" + filepath.Base(files[0]) + "): its file changed\nwrote " + filepath.Join(dir, "matardb.sum") + "\n"
	if r.stdout != want {
		t.Errorf("hash stdout = %q, want %q", r.stdout, want)
	}
	after := sumLines(t, dir)
	for i := range before {
		if changed := before[i] != after[i]; changed != (i == len(before)-1) {
			t.Errorf("sum line %d changed %v: %q -> %q; only the head's should", i, changed, before[i], after[i])
		}
	}
	r = unbuilt(t, "check", "--dir", dir)
	wantExit(t, r, exitOK)
}

func TestHashOfRecordedFilesWritesNothing(t *testing.T) {
	dir := copyMigrations(t)
	before := dirState(t, dir)
	r := matardb(t, "hash", "--dir", dir)
	wantExit(t, r, exitOK)
	if r.stdout != filepath.Join(dir, "matardb.sum")+" is up to date\n" {
		t.Errorf("stdout = %q", r.stdout)
	}
	wantUnchanged(t, dir, before)
}

func TestHashRepairsACorruptSumFileFromTheFiles(t *testing.T) {
	dir := copyMigrations(t)
	committed, err := os.ReadFile(filepath.Join(repoRoot, "migrations", "matardb.sum"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "matardb.sum"), []byte("<<<<<<< HEAD\n"), 0o644)
	r := matardb(t, "hash", "--dir", dir)
	wantExit(t, r, exitOK)
	wantContains(t, "stderr", r.stderr, "was corrupt")
	if got, _ := os.ReadFile(filepath.Join(dir, "matardb.sum")); !bytes.Equal(got, committed) {
		t.Errorf("hash wrote\n%s\nwant the committed sum file\n%s", got, committed)
	}
}

func TestHashRefusesAForkAndWritesNothing(t *testing.T) {
	dir := copyMigrations(t)
	h := theHistory(t)
	twin := strings.NewReplacer(`ID:      "`+h.Head()+`"`, `ID:      "feedfacecafe"`).Replace(readHead(t, dir))
	os.WriteFile(filepath.Join(dir, "feedfacecafe_twin.go"), []byte(twin), 0o644)
	before := dirState(t, dir)
	r := matardb(t, "hash", "--dir", dir)
	wantExit(t, r, exitFail)
	wantContains(t, "stderr", r.stderr, "feedfacecafe", h.Head())
	wantUnchanged(t, dir, before)
}

// readHead returns the source of the history's head migration in dir.
func readHead(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, theHistory(t).Head()+"_*.go"))
	if len(files) != 1 {
		t.Fatalf("files of the head: %v", files)
	}
	src, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}
