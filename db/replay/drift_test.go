package replay_test

import (
	"testing"

	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/migrations"
	"github.com/matar-app/matardb/models"
)

// The embedded sources of models and migrations are what this test binary
// was built from, so they match the files on disk.
func TestTheBuildsOwnSourcesMatchTheDisk(t *testing.T) {
	if d, err := migdir.Drift(models.Sources, "../../models"); err != nil || len(d) != 0 {
		t.Fatalf("models drift = %q, %v", d, err)
	}
	if d, err := migdir.Drift(migrations.Sources, "../../migrations"); err != nil || len(d) != 0 {
		t.Fatalf("migrations drift = %q, %v", d, err)
	}
}
