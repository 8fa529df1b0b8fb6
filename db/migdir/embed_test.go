package migdir

import (
	"errors"
	"testing"
	"testing/fstest"
)

func TestChecksumsFSReadsAMissingSumFileAsEmpty(t *testing.T) {
	m, err := ChecksumsFS(fstest.MapFS{"migrations.go": {Data: []byte("package migrations\n")}})
	if err != nil || len(m) != 0 {
		t.Fatalf("ChecksumsFS(no sum file) = %v, %v; want no checksums and no error", m, err)
	}
}

func TestChecksumsFSReadsTheEmbeddedSumFile(t *testing.T) {
	hash := Hash([]byte("1"))
	s := &Sum{Entries: []Entry{{ID: "aaa", File: "aaa_first.go", Hash: hash}}}
	m, err := ChecksumsFS(fstest.MapFS{SumFile: {Data: s.Marshal()}})
	if err != nil || m["aaa"] != hash || len(m) != 1 {
		t.Fatalf("ChecksumsFS = %v, %v; want aaa's checksum", m, err)
	}
	_, err = ChecksumsFS(fstest.MapFS{SumFile: {Data: []byte("garbage")}})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("ChecksumsFS(corrupt) = %v, want ErrCorrupt", err)
	}
}

func TestAnEditedSourceGetsItsOwnChecksum(t *testing.T) {
	fsys := fstest.MapFS{
		"0123456789ab_add_bio.go": {Data: []byte("package migrations // edited after it was applied\n")},
		"ba9876543210_one.go":     {Data: []byte("a")},
		"ba9876543210_two.go":     {Data: []byte("b")},
	}
	if got, want := SourceChecksum(fsys, "0123456789ab"), Hash(fsys["0123456789ab_add_bio.go"].Data); got != want {
		t.Errorf("checksum = %q, want the edited file's %q", got, want)
	}
	if got := SourceChecksum(fsys, "ba9876543210"); got != "" {
		t.Errorf("two files for one ID gave checksum %q, want none (the sum file's stands)", got)
	}
	if got := SourceChecksum(fsys, "ffffffffffff"); got != "" {
		t.Errorf("a migration without a file gave checksum %q, want none", got)
	}
}
