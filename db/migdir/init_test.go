package migdir

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitWritesAnEmptyHistoryThatVerifies(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db", "migrations")
	written, err := Init(dir, "appdb")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, PackageFile), filepath.Join(dir, SnapshotFile), filepath.Join(dir, SumFile)}
	if strings.Join(written, ",") != strings.Join(want, ",") {
		t.Fatalf("Init wrote %v, want %v", written, want)
	}
	src, err := os.ReadFile(want[0])
	if err != nil {
		t.Fatal(err)
	}
	if formatted, err := format.Source(src); err != nil || !bytes.Equal(formatted, src) {
		t.Fatalf("the package file is not gofmt'd Go (%v):\n%s", err, src)
	}
	if !strings.Contains(string(src), `registry.New(files, "appdb")`) || strings.Contains(string(src), "PROG") {
		t.Errorf("the package file does not name the program appdb:\n%s", src)
	}
	if s, err := ReadSnapshot(dir); err != nil || s.Head != "" || len(s.Schema.Tables) != 0 {
		t.Errorf("ReadSnapshot = %+v, %v; want an empty snapshot", s, err)
	}
	if s, err := ReadSum(dir); err != nil || len(s.Entries) != 0 {
		t.Errorf("ReadSum = %+v, %v; want an empty sum", s, err)
	}
	if files, err := Scan(dir); err != nil || len(files) != 0 {
		t.Errorf("Scan = %v, %v; want no migration", files, err)
	}
	if problems, err := Verify(dir); err != nil || len(problems) != 0 {
		t.Errorf("Verify = %v, %v; want agreement", problems, err)
	}
}

func TestInitNeverReplacesAFileAndWritesNothingWhenOneExists(t *testing.T) {
	dir := t.TempDir()
	sum := []byte("the user's own\n")
	if err := os.WriteFile(filepath.Join(dir, SumFile), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Init(dir, "appdb")
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Init over an existing sum file = %v, want an error saying it exists", err)
	}
	if _, err := os.Stat(filepath.Join(dir, PackageFile)); err == nil {
		t.Error("Init wrote the package file although it refused")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, SumFile)); !bytes.Equal(got, sum) {
		t.Errorf("the sum file was changed to %q", got)
	}
}
