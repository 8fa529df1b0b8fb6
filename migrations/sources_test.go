package migrations

import (
	"testing"

	"github.com/matar-app/matardb/db/migdir"
)

func TestEachMigrationCarriesTheChecksumOfItsBuiltInSourceWhichMatchesTheSumFile(t *testing.T) {
	h, err := All()
	if err != nil {
		t.Fatal(err)
	}
	recorded, err := migdir.ChecksumsFS(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range h.Migrations() {
		if got := migdir.SourceChecksum(files, m.ID); got == "" || got != m.Checksum || got != recorded[m.ID] {
			t.Errorf("migration %s: source checksum %q, history %q, sum file %q; want all three equal", m.ID, got, m.Checksum, recorded[m.ID])
		}
	}
}
