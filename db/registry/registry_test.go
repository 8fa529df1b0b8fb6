package registry

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
)

func migration(id, parent string) history.Migration {
	return history.Migration{ID: id, Parent: parent, Message: id, Migrate: func(*gorm.DB) error { return nil }}
}

func TestAnEmptyPackageIsAnEmptyHistory(t *testing.T) {
	h, err := New(fstest.MapFS{"migrations.go": {Data: []byte("package migrations\n")}}, "appdb").History()
	if err != nil || h.Len() != 0 {
		t.Fatalf("History() = %v, %v; want an empty history", h, err)
	}
}

func TestEachMigrationCarriesItsSourceChecksumElseTheSumFiles(t *testing.T) {
	edited := []byte("package migrations // edited after it was recorded\n")
	sum := &migdir.Sum{Entries: []migdir.Entry{
		{ID: "aaa111", File: "aaa111_first.go", Hash: migdir.Hash([]byte("as recorded"))},
		{ID: "bbb222", File: "bbb222_second.go", Hash: migdir.Hash([]byte("second"))},
	}}
	r := New(fstest.MapFS{
		migdir.SumFile:    {Data: sum.Marshal()},
		"aaa111_first.go": {Data: edited},
	}, "appdb")
	r.Register(migration("bbb222", "aaa111"))
	r.Register(migration("aaa111", ""))
	h, err := r.History()
	if err != nil {
		t.Fatal(err)
	}
	if h.At(0).ID != "aaa111" || h.At(0).Checksum != migdir.Hash(edited) {
		t.Errorf("first migration %s has checksum %q, want its built-in source's", h.At(0).ID, h.At(0).Checksum)
	}
	if h.At(1).Checksum != sum.Entries[1].Hash {
		t.Errorf("a migration without a built-in source has checksum %q, want the sum file's", h.At(1).Checksum)
	}
	if again, _ := r.History(); again != h {
		t.Error("the history was built twice")
	}
}

func TestACorruptSumFileSaysWhichCommandRecordsItAgain(t *testing.T) {
	_, err := New(fstest.MapFS{migdir.SumFile: {Data: []byte("garbage\n")}}, "appdb").History()
	if !errors.Is(err, migdir.ErrCorrupt) || !strings.HasSuffix(err.Error(), "(`appdb hash`)") {
		t.Fatalf("History() = %v, want ErrCorrupt naming `appdb hash`", err)
	}
}

func TestAForkIsAnError(t *testing.T) {
	r := New(fstest.MapFS{}, "appdb")
	r.Register(migration("aaa111", ""))
	r.Register(migration("bbb222", "aaa111"))
	r.Register(migration("ccc333", "aaa111"))
	if _, err := r.History(); err == nil {
		t.Fatal("a fork built a history")
	}
}
