package migdir

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/lineage"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testfs"
)

func third() NewMigration {
	return NewMigration{ID: "ccc", Message: "third one", Source: []byte(migrationSource("ccc", "bbb")), Snapshot: &schema.Snapshot{}}
}

func TestAddWritesTheFileTheSnapshotAndTheSumLine(t *testing.T) {
	dir := twoMigrations(t)
	w, err := Add(dir, lineage.Chain{"aaa", "bbb"}, third())
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "ccc_third_one.go"); w.Path != want {
		t.Errorf("Path = %s, want %s", w.Path, want)
	}
	snap, err := ReadSnapshot(dir)
	if err != nil || snap.Head != "ccc" {
		t.Errorf("snapshot = %+v, %v; want head ccc", snap, err)
	}
	sum, err := ReadSum(dir)
	if err != nil || sum.Entry("ccc") == nil || sum.Entry("ccc").File != "ccc_third_one.go" {
		t.Errorf("sum = %+v, %v; want a line for ccc_third_one.go", sum, err)
	}
}

func TestAddRefusesAnIDInUse(t *testing.T) {
	dir := twoMigrations(t)
	for name, known := range map[string]lineage.Chain{"history": {"aaa", "bbb", "ccc"}, "file": {"aaa", "bbb"}} {
		m := third()
		if name == "file" {
			m.ID = "bbb"
		}
		before := testfs.ReadDir(t, dir)
		if _, err := Add(dir, known, m); err == nil || !strings.Contains(err.Error(), "already") {
			t.Errorf("%s: err = %v, want the ID already used", name, err)
		}
		if !reflect.DeepEqual(testfs.ReadDir(t, dir), before) {
			t.Errorf("%s: a refused Add changed files", name)
		}
	}
}

func TestAddRemovesWhatItWroteWhenALaterWriteFails(t *testing.T) {
	dir := twoMigrations(t)
	before := testfs.ReadDir(t, dir)
	renameFile = func(from, to string) error {
		if filepath.Base(to) == SumFile {
			return errors.New("disk full")
		}
		return os.Rename(from, to)
	}
	t.Cleanup(func() { renameFile = os.Rename })
	_, err := Add(dir, lineage.Chain{"aaa", "bbb"}, third())
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the failed write", err)
	}
	if after := testfs.ReadDir(t, dir); !reflect.DeepEqual(after, before) {
		t.Fatalf("files after a failed write = %v, want them as before", slices.Sorted(maps.Keys(after)))
	}
}

func TestOrderFollowsTheParentLinksOfTheSources(t *testing.T) {
	files, err := Scan(twoMigrations(t))
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(files)
	if ids, err := Order(files); err != nil || !slices.Equal(ids, []string{"aaa", "bbb"}) {
		t.Fatalf("Order = %v, %v; want aaa, bbb", ids, err)
	}
}
