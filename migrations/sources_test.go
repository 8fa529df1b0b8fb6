package migrations

import (
	"testing"
	"testing/fstest"

	"github.com/matar-app/matardb/db/migdir"
)

func TestEachMigrationCarriesTheChecksumOfItsBuiltInSourceWhichMatchesTheSumFile(t *testing.T) {
	h, err := All()
	if err != nil {
		t.Fatal(err)
	}
	recorded, err := migdir.Checksums(sum)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range h.Migrations() {
		if got := sourceChecksum(sources, m.ID); got == "" || got != m.Checksum || got != recorded[m.ID] {
			t.Errorf("migration %s: source checksum %q, history %q, sum file %q; want all three equal", m.ID, got, m.Checksum, recorded[m.ID])
		}
	}
}

func TestAnEditedSourceGetsItsOwnChecksum(t *testing.T) {
	fsys := fstest.MapFS{
		"0123456789ab_add_bio.go": {Data: []byte("package migrations // edited after it was applied\n")},
		"ba9876543210_one.go":     {Data: []byte("a")},
		"ba9876543210_two.go":     {Data: []byte("b")},
	}
	if got, want := sourceChecksum(fsys, "0123456789ab"), migdir.Hash(fsys["0123456789ab_add_bio.go"].Data); got != want {
		t.Errorf("checksum = %q, want the edited file's %q", got, want)
	}
	if got := sourceChecksum(fsys, "ba9876543210"); got != "" {
		t.Errorf("two files for one ID gave checksum %q, want none (the sum file's stands)", got)
	}
	if got := sourceChecksum(fsys, "ffffffffffff"); got != "" {
		t.Errorf("a migration without a file gave checksum %q, want none", got)
	}
}
