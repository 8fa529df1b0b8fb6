package testfs

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCopyDirCopiesFilesNotSubdirectories(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "new")
	if err := os.WriteFile(filepath.Join(src, "a.go"), []byte("package a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(src, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	CopyDir(t, src, dst)
	got := ReadDir(t, dst)
	if len(got) != 1 || got["a.go"] != "package a\n" {
		t.Errorf("copied %v, want only a.go", got)
	}
}
