package merge_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/merge"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/replay"
	"github.com/matar-app/matardb/internal/testfs"
)

type postC struct {
	ID string `gorm:"column:_id;primaryKey"`
	C  string
}

func (postC) TableName() string { return "post" }

type postCD struct {
	ID string `gorm:"column:_id;primaryKey"`
	C  string
	D  string
}

func (postCD) TableName() string { return "post" }

type postABCD struct {
	ID string `gorm:"column:_id;primaryKey"`
	A  string
	B  string
	C  string
	D  string
}

func (postABCD) TableName() string { return "post" }

const branchC1, branchC2 = "dddddddddddd", "eeeeeeeeeeee"

// step is one migration a branch generates: it adds column, and model is
// the branch's model after it.
type step struct {
	id, column string
	model      any
}

// forkedN builds the directory several branches leave after they are all
// merged with git: every branch's migration files, each branch's first
// following base, and a schema.json and matardb.sum with conflict markers.
// It returns the directory and the compiled migrations.
func forkedN(t *testing.T, branches ...[]step) (string, []history.Migration) {
	t.Helper()
	dir := t.TempDir()
	revision(t, dir, base, "create post", nil, &postV1{})
	merged := copyDir(t, dir)
	registered := []history.Migration{createPost()}
	conflict := map[string]string{}
	for n, steps := range branches {
		b := copyDir(t, dir)
		chain := []string{base}
		for _, s := range steps {
			revision(t, b, s.id, "add "+s.column, chain, s.model)
			registered = append(registered, addColumn(s.id, chain[len(chain)-1], s.column))
			chain = append(chain, s.id)
			files, _ := filepath.Glob(filepath.Join(b, s.id+"_*.go"))
			data, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(merged, filepath.Base(files[0])), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range []string{migdir.SnapshotFile, migdir.SumFile} {
			data, _ := os.ReadFile(filepath.Join(b, name))
			marker := "=======\n"
			if n == 0 {
				marker = "<<<<<<< HEAD\n"
			}
			conflict[name] += marker + string(data)
		}
	}
	for name, text := range conflict {
		if err := os.WriteFile(filepath.Join(merged, name), []byte(text+">>>>>>> branches\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return merged, registered
}

// threeBranches: bbbb… adds a, cccc… adds b, and a third branch adds c
// (dddd…) then d (eeee…).
func threeBranches(t *testing.T) (string, []history.Migration) {
	return forkedN(t,
		[]step{{branchA, "a", &postA{}}},
		[]step{{branchB, "b", &postB{}}},
		[]step{{branchC1, "c", &postC{}}, {branchC2, "d", &postCD{}}})
}

// parentsOnDisk returns each migration file's parent, and the files' order.
func parentsOnDisk(t *testing.T, dir string) (map[string]string, []string) {
	t.Helper()
	sources, err := migdir.Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	parents := map[string]string{}
	for _, s := range sources {
		parents[s.ID] = s.Parent
	}
	chain, err := migdir.Order(sources)
	if err != nil {
		t.Fatalf("the files do not make one chain after the merge: %v", err)
	}
	return parents, chain
}

// checkJoined loads the history as the rebuilt program compiles it (the
// parents of the files), replays it and runs check against the models.
func checkJoined(t *testing.T, dir string, registered []history.Migration, parents map[string]string) {
	t.Helper()
	ms := slices.Clone(registered)
	for i := range ms {
		ms[i].Parent = parents[ms[i].ID]
	}
	h, err := history.New(ms...)
	if err != nil {
		t.Fatalf("the joined history does not load: %v", err)
	}
	built, err := replay.Run(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	check, err := autogen.Check(autogen.CheckRequest{Dir: dir, GORM: pgRead, Models: []any{&postABCD{}}, History: h.Chain(),
		Replayed: &autogen.Replayed{Schema: built.Schema}})
	if err != nil || !check.OK() {
		t.Fatalf("check after the merge: %v %q", err, check.Problems("", ""))
	}
}

// Three pull requests generated migrations from the same head and were
// merged the same day: three heads, which merge refused to join.
func TestRunJoinsThreeBranchesIntoOneChainThatChecks(t *testing.T) {
	dir, registered := threeBranches(t)
	res, err := merge.Run(context.Background(), merge.Request{Dir: dir, Registered: registered})
	if err != nil {
		t.Fatal(err)
	}
	// The longest branch stays; the others follow it in head ID order.
	want := []merge.Move{{IDs: []string{branchA}, Onto: branchC2}, {IDs: []string{branchB}, Onto: branchA}}
	if !slices.EqualFunc(res.Moves, want, func(a, b merge.Move) bool { return slices.Equal(a.IDs, b.IDs) && a.Onto == b.Onto }) ||
		res.Onto != branchC2 || res.Head != branchB || strings.Join(res.Moved, ",") != branchA+","+branchB || len(res.Files) != 2 {
		t.Fatalf("Run = %+v, want moves %+v", res, want)
	}
	parents, chain := parentsOnDisk(t, dir)
	wantParents := map[string]string{base: "", branchC1: base, branchC2: branchC1, branchA: branchC2, branchB: branchA}
	for id, p := range wantParents {
		if parents[id] != p {
			t.Errorf("after the merge %s follows %q, want %q", id, parents[id], p)
		}
	}
	if got := strings.Join(chain, ","); got != strings.Join([]string{base, branchC1, branchC2, branchA, branchB}, ",") {
		t.Fatalf("the files' order after the merge = %s", got)
	}
	checkJoined(t, dir, registered, parents)
}

// Naming a head moves its branch last, on top of all the others.
func TestRunMovesTheNamedHeadLastOfThree(t *testing.T) {
	dir, registered := threeBranches(t)
	res, err := merge.Run(context.Background(), merge.Request{Dir: dir, Registered: registered, Move: "bbb"})
	if err != nil {
		t.Fatal(err)
	}
	parents, chain := parentsOnDisk(t, dir)
	if got := strings.Join(chain, ","); res.Head != branchA || got != strings.Join([]string{base, branchC1, branchC2, branchB, branchA}, ",") {
		t.Fatalf("merge naming %s: head %s, order %s", branchA, res.Head, got)
	}
	checkJoined(t, dir, registered, parents)
}

func TestRunWritesNothingWhenOneOfThreeBranchesConflicts(t *testing.T) {
	// bbbb… and dddd… both add post.a; cccc… adds post.b.
	dir, registered := forkedN(t,
		[]step{{branchA, "a", &postA{}}},
		[]step{{branchB, "b", &postB{}}},
		[]step{{branchC1, "a", &postA{}}})
	before := testfs.ReadDir(t, dir)
	_, err := merge.Run(context.Background(), merge.Request{Dir: dir, Registered: registered})
	if err == nil {
		t.Fatal("three branches, two adding the same column, were joined")
	}
	msg := err.Error()
	for _, want := range []string{"migrations of " + branchC1, "after those of " + branchA, "migration " + branchC1, "nothing was changed"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error does not say %q: %s", want, msg)
		}
	}
	if strings.Count(msg, "; ") > 1 || strings.Contains(msg, "\n") {
		t.Errorf("the error is not one sentence: %s", msg)
	}
	after := testfs.ReadDir(t, dir)
	if len(after) != len(before) {
		t.Fatalf("the failed merge left %d files, there were %d", len(after), len(before))
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("the failed merge changed %s", name)
		}
	}
}

type postBC struct {
	ID string `gorm:"column:_id;primaryKey"`
	B  string
	C  string
}

func (postBC) TableName() string { return "post" }

type postBD struct {
	ID string `gorm:"column:_id;primaryKey"`
	B  string
	D  string
}

func (postBD) TableName() string { return "post" }

// A branch forked from another branch: cccc… (adds b) was followed by
// dddd… (adds c) on one branch and eeee… (adds d) on another, while
// bbbb… (adds a) left the history at the first migration. The two that
// left it last are joined first, so that cccc… stays before both.
func TestRunJoinsABranchOfABranchBeforeMovingIt(t *testing.T) {
	dir := t.TempDir()
	revision(t, dir, base, "create post", nil, &postV1{})
	a, b := copyDir(t, dir), copyDir(t, dir)
	revision(t, a, branchA, "add a", []string{base}, &postA{})
	revision(t, b, branchB, "add b", []string{base}, &postB{})
	c := copyDir(t, b)
	revision(t, b, branchC1, "add c", []string{base, branchB}, &postBC{})
	revision(t, c, branchC2, "add d", []string{base, branchB}, &postBD{})
	merged := copyDir(t, b)
	for _, from := range []string{a, c} {
		files, _ := filepath.Glob(filepath.Join(from, "*_add_*.go"))
		for _, f := range files {
			data, _ := os.ReadFile(f)
			os.WriteFile(filepath.Join(merged, filepath.Base(f)), data, 0o644)
		}
	}
	registered := []history.Migration{createPost(), addColumn(branchA, base, "a"), addColumn(branchB, base, "b"),
		addColumn(branchC1, branchB, "c"), addColumn(branchC2, branchB, "d")}
	res, err := merge.Run(context.Background(), merge.Request{Dir: merged, Registered: registered})
	if err != nil {
		t.Fatal(err)
	}
	parents, chain := parentsOnDisk(t, merged)
	if got := strings.Join(chain, ","); res.Head != branchA || got != strings.Join([]string{base, branchB, branchC1, branchC2, branchA}, ",") {
		t.Fatalf("head %s, order %s; moves %+v", res.Head, got, res.Moves)
	}
	checkJoined(t, merged, registered, parents)
}
