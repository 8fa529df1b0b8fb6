package autogen

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/migdir"
)

// generated returns an env whose history is two generated migrations, the
// second one leaving the author table as authorWithBio.
func generated(t *testing.T) (*env, *RevisionResult) {
	e := newEnv(t)
	e.mustRevision(RevisionRequest{Message: "create author", Autogenerate: true, Models: []any{&authorV1{}}})
	res := e.mustRevision(RevisionRequest{Message: "add bio", Autogenerate: true, Models: []any{&authorWithBio{}}})
	return e, res
}

func (e *env) check(models ...any) *CheckResult {
	e.t.Helper()
	res, err := Check(CheckRequest{Dir: e.dir, GORM: pgRead, Models: models, History: e.history()})
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func TestCheckPassesWhenModelsSnapshotHistoryAndSumAgree(t *testing.T) {
	e, _ := generated(t)
	if res := e.check(&authorWithBio{}); !res.OK() || len(res.Problems("", "")) != 0 {
		t.Fatalf("check = %q, want no problems", res.Problems("", ""))
	}
}

func TestCheckListsModelChangesNoMigrationMakes(t *testing.T) {
	e, _ := generated(t)
	res := e.check(&authorWithEmail{})
	want := []string{`add column "author"."email" text`, `WARNING: drop column "author"."bio"`}
	if res.OK() || !slices.Equal(res.Differences, want) {
		t.Fatalf("Differences = %q, want %q", res.Differences, want)
	}
	mustContain(t, strings.Join(res.Problems("", "run the generator"), "\n"), "run the generator that:", `drop column "author"."bio"`)
}

func TestCheckDetectsAMigrationEditedAfterItWasGenerated(t *testing.T) {
	e, gen := generated(t)
	f, err := os.OpenFile(gen.Path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\n// An edit after the fact.\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res := e.check(&authorWithBio{})
	if len(res.Sum) != 1 || res.Sum[0].Kind != migdir.Edited || res.Sum[0].ID != gen.ID {
		t.Fatalf("Sum = %v, want %s edited", res.Sum, gen.ID)
	}
	if res.OK() {
		t.Fatal("check passed with an edited migration")
	}
}

func TestCheckDetectsAMigrationFileMissingFromTheSum(t *testing.T) {
	e, _ := generated(t)
	src := strings.NewReplacer(`"0000000000a2"`, `"0000000000b1"`, `"0000000000a1"`, `"0000000000a2"`).
		Replace(e.read(filepath.Join(e.dir, "0000000000a2_add_bio.go")))
	e.write("0000000000b1_by_hand.go", src)
	e.ids = append(e.ids, "0000000000b1")
	e.write(migdir.SnapshotFile, strings.Replace(e.read(filepath.Join(e.dir, migdir.SnapshotFile)), "0000000000a2", "0000000000b1", 1))
	res := e.check(&authorWithBio{})
	if len(res.Sum) != 1 || res.Sum[0].Kind != migdir.Unlisted || res.Sum[0].ID != "0000000000b1" {
		t.Fatalf("Sum = %v, want 0000000000b1 unlisted", res.Sum)
	}
}

func TestCheckReportsASnapshotNotAtTheHistoryHead(t *testing.T) {
	e, _ := generated(t)
	e.ids = e.ids[:1]
	res := e.check(&authorWithBio{})
	if res.Head == nil || !res.Head.Unknown || res.OK() {
		t.Fatalf("Head = %v, want the snapshot's head reported as unknown", res.Head)
	}
}

func TestCheckFailsOnACorruptSumFile(t *testing.T) {
	e, _ := generated(t)
	e.write(migdir.SumFile, strings.Replace(e.read(filepath.Join(e.dir, migdir.SumFile)), "0000000000a1", "0000000000ff", 1))
	_, err := Check(CheckRequest{Dir: e.dir, GORM: pgRead, Models: []any{&authorWithBio{}}, History: e.history()})
	if !errors.Is(err, migdir.ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
}
