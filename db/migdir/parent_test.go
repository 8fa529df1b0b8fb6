package migdir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSetParentRewritesOnlyTheParent(t *testing.T) {
	dir := t.TempDir()
	src := "package m\n\nfunc init() {\n\tregister(history.Migration{\n\t\tID:      \"0000000000b1\",\n" +
		"\t\tParent:  \"0000000000a1\",\n\t\tMessage: \"add bio\",\n\t})\n}\n"
	path := filepath.Join(dir, "0000000000b1_add_bio.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := SetParent(dir, "0000000000b1", "0000000000a2"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := strings.Replace(src, "0000000000a1", "0000000000a2", 1); string(got) != want {
		t.Fatalf("SetParent wrote\n%s\nwant\n%s", got, want)
	}
	files, err := Scan(dir)
	if err != nil || files[0].Parent != "0000000000a2" {
		t.Fatalf("Scan after SetParent = %+v, %v", files, err)
	}
}

func TestSetParentsRewritesNoFileWhenOneCannotBe(t *testing.T) {
	dir := t.TempDir()
	src := "package m\n\nfunc init() {\n\tregister(history.Migration{ID: \"0000000000b1\", Parent: \"0000000000a1\"})\n}\n"
	path := filepath.Join(dir, "0000000000b1_add_bio.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := SetParents(dir, []Relink{{ID: "0000000000b1", Parent: "0000000000a2"}, {ID: "0000000000c1", Parent: "0000000000b1"}})
	if err == nil || !strings.Contains(err.Error(), "0000000000c1") {
		t.Fatalf("SetParents of a migration without a file: err = %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != src {
		t.Fatalf("a failed SetParents rewrote the first file:\n%s", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("a failed SetParents left %d files", len(entries))
	}
}
