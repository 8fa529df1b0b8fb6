package migdir

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
)

// Finding 10: a binary built before a model edit said "No changes
// detected". Drift tells it that its sources are not the ones on disk.
func TestDriftListsSourcesChangedSinceTheBuild(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	built := fstest.MapFS{
		"user.go":      {Data: []byte("package models // v1")},
		"post.go":      {Data: []byte("package models")},
		"old.go":       {Data: []byte("package models")},
		"user_test.go": {Data: []byte("package models")},
	}
	write("user.go", "package models // v1")
	write("post.go", "package models")
	write("old.go", "package models")
	write("user_test.go", "package models // tests do not count")
	if got, err := Drift(built, dir); err != nil || len(got) != 0 {
		t.Fatalf("Drift of the same sources = %q, %v", got, err)
	}
	write("user.go", "package models // v2: a new field")
	write("org.go", "package models")
	if err := os.Remove(filepath.Join(dir, "old.go")); err != nil {
		t.Fatal(err)
	}
	got, err := Drift(built, dir)
	want := []string{filepath.Join(dir, "old.go") + " removed", filepath.Join(dir, "org.go") + " added",
		filepath.Join(dir, "user.go") + " changed"}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("Drift = %q, %v; want %q", got, err, want)
	}
	if got, err := Drift(built, filepath.Join(dir, "nowhere")); err != nil || got != nil {
		t.Fatalf("Drift away from the sources = %q, %v; want nothing", got, err)
	}
}
