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
