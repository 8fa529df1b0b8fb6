package migrations_test

import (
	"flag"
	"os"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
)

var update = flag.Bool("update", false, "rewrite schema.json from the schema the migrations build on PostgreSQL")

const snapshotFile = "schema.json"

// schema.json is what the history really builds: applying every migration
// to an empty database, on PostgreSQL and on SQLite, gives exactly the
// committed snapshot, and its head is the history's head. With -update the
// snapshot is first rewritten from a PostgreSQL database.
func TestSnapshotIsWhatTheMigrationsBuildOnBothDialects(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	if *update {
		gdb := testdb.Postgres(t)
		upgrade(t, gdb, h, h.Head())
		writeSnapshot(t, &schema.Snapshot{Head: h.Head(), Schema: *readSchema(t, gdb)})
	}
	snap := committedSnapshot(t)
	if snap.Head != h.Head() {
		t.Fatalf("%s is at %q but the history's head is %q; regenerate it with go test ./migrations -run TestSnapshot -update",
			snapshotFile, snap.Head, h.Head())
	}
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		upgrade(t, gdb, h, h.Head())
		sameSchema(t, "the migrations' schema against "+snapshotFile, readSchema(t, gdb), &snap.Schema)
	})
}

// committedSnapshot reads schema.json, which must exist and be in the
// canonical form schema.MarshalSnapshot writes.
func committedSnapshot(t *testing.T) *schema.Snapshot {
	t.Helper()
	data, err := os.ReadFile(snapshotFile)
	if err != nil {
		t.Fatalf("%v; create it with go test ./migrations -run TestSnapshot -update", err)
	}
	snap, err := schema.UnmarshalSnapshot(data)
	if err != nil {
		t.Fatalf("%s: %v", snapshotFile, err)
	}
	canonical, err := schema.MarshalSnapshot(snap)
	if err != nil {
		t.Fatal(err)
	}
	if string(canonical) != string(data) {
		t.Fatalf("%s is not in canonical form (- file, + canonical):\n%s", snapshotFile, lineDiff(string(data), string(canonical)))
	}
	return snap
}

func writeSnapshot(t *testing.T, snap *schema.Snapshot) {
	t.Helper()
	data, err := schema.MarshalSnapshot(snap)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(snapshotFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
