package migdir

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// Finding 9: a deleted or emptied matardb.sum could not be repaired by
// hash, since nothing compiled or loaded without it.
func TestAMissingOrEmptySumFileIsAnEmptySum(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"missing": {"x.go": {Data: []byte("package x")}},
		"empty":   {SumFile: {Data: nil}},
		"blank":   {SumFile: {Data: []byte("\n\n")}},
	} {
		sums, err := ChecksumsFS(fsys)
		if err != nil || len(sums) != 0 {
			t.Errorf("%s sum file: %v, %v; want no checksums and no error", name, sums, err)
		}
	}
	if _, err := ChecksumsFS(fstest.MapFS{SumFile: {Data: []byte("garbage\n")}}); err == nil {
		t.Error("a corrupt sum file read as empty")
	}

	dir := t.TempDir()
	src := "package m\n\nfunc init() {\n\tregister(history.Migration{ID: \"0000000000a1\", Parent: \"\"})\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "0000000000a1_first.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SumFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	problems, err := Verify(dir)
	if err != nil || len(problems) != 1 || problems[0].Kind != Unlisted {
		t.Fatalf("Verify with an empty sum file: %v, %v; want the migration unlisted", problems, err)
	}
	s, err := Compute(dir, []string{"0000000000a1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteSum(dir, s); err != nil {
		t.Fatal(err)
	}
	if problems, err := Verify(dir); err != nil || len(problems) != 0 {
		t.Fatalf("Verify after recording the sums again: %v, %v", problems, err)
	}
}
