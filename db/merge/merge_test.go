package merge_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/merge"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/replay"
)

type postV1 struct {
	ID string `gorm:"column:_id;primaryKey"`
}

func (postV1) TableName() string { return "post" }

type postA struct {
	ID string `gorm:"column:_id;primaryKey"`
	A  string
}

func (postA) TableName() string { return "post" }

type postB struct {
	ID string `gorm:"column:_id;primaryKey"`
	B  string
}

func (postB) TableName() string { return "post" }

type postAB struct {
	ID string `gorm:"column:_id;primaryKey"`
	A  string
	B  string
}

func (postAB) TableName() string { return "post" }

const base, branchA, branchB = "aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"

func revision(t *testing.T, dir, id, msg string, parent []string, model any) {
	t.Helper()
	_, err := autogen.Revision(autogen.RevisionRequest{Dir: dir, GORM: pgRead, Message: msg, Autogenerate: true,
		Models: []any{model}, History: parent, ID: func() string { return id }})
	if err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

// addColumn is a migration as the generator writes it for one column.
func addColumn(id, parent, column string) history.Migration {
	return history.Migration{ID: id, Parent: parent,
		Migrate:  func(tx *gorm.DB) error { return op.Apply(tx, op.AddColumn("post", op.Col(column, op.Text))) },
		Rollback: func(tx *gorm.DB) error { return op.Apply(tx, op.DropColumn("post", column)) }}
}

// forked builds the directory two branches leave after a git merge: both
// branches' migration files, and a schema.json and matardb.sum with
// conflict markers. It returns the directory and the compiled migrations.
func forked(t *testing.T, columnB string, modelB any) (string, []history.Migration) {
	dir := t.TempDir()
	revision(t, dir, base, "create post", nil, &postV1{})
	a, b := copyDir(t, dir), copyDir(t, dir)
	revision(t, a, branchA, "add a", []string{base}, &postA{})
	revision(t, b, branchB, "add "+columnB, []string{base}, modelB)
	merged := copyDir(t, a)
	files, _ := filepath.Glob(filepath.Join(b, branchB+"_*.go"))
	data, _ := os.ReadFile(files[0])
	os.WriteFile(filepath.Join(merged, filepath.Base(files[0])), data, 0o644)
	for _, name := range []string{migdir.SnapshotFile, migdir.SumFile} {
		ours, _ := os.ReadFile(filepath.Join(a, name))
		theirs, _ := os.ReadFile(filepath.Join(b, name))
		conflict := "<<<<<<< HEAD\n" + string(ours) + "=======\n" + string(theirs) + ">>>>>>> branch-b\n"
		os.WriteFile(filepath.Join(merged, name), []byte(conflict), 0o644)
	}
	return merged, []history.Migration{createPost(), addColumn(branchA, base, "a"), addColumn(branchB, base, columnB)}
}

// createPost is the base migration as the generator writes it.
func createPost() history.Migration {
	return history.Migration{ID: base, Migrate: func(tx *gorm.DB) error {
		return op.Apply(tx, op.CreateTable("post", op.Col("_id", op.Text).NotNull(), op.PrimaryKey("_id")))
	}}
}

// Finding 3: two branches generated from one head conflicted in
// schema.json and matardb.sum, and no command joined them.
func TestRunJoinsTwoBranchesIntoOneChainThatChecks(t *testing.T) {
	ctx := context.Background()
	dir, registered := forked(t, "b", &postB{})
	res, err := merge.Run(ctx, merge.Request{Dir: dir, Registered: registered})
	if err != nil {
		t.Fatal(err)
	}
	if res.Onto != branchA || len(res.Moved) != 1 || res.Moved[0] != branchB || res.Head != branchB {
		t.Fatalf("Run = %+v, want %s moved onto %s", res, branchB, branchA)
	}
	sources, err := migdir.Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	chain, err := migdir.Order(sources)
	if err != nil || strings.Join(chain, ",") != base+","+branchA+","+branchB {
		t.Fatalf("the files' order after the merge = %v, %v", chain, err)
	}
	registered[2].Parent = branchA // as the rebuilt program compiles it
	h, err := history.New(registered...)
	if err != nil {
		t.Fatal(err)
	}
	built, err := replay.Run(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	check, err := autogen.Check(autogen.CheckRequest{Dir: dir, GORM: pgRead, Models: []any{&postAB{}}, History: h.Chain(),
		Replayed: &autogen.Replayed{Schema: built.Schema}})
	if err != nil || !check.OK() {
		t.Fatalf("check after the merge: %v %q", err, check.Problems("", ""))
	}
}

func TestRunWritesNothingWhenTheBranchesConflict(t *testing.T) {
	dir, registered := forked(t, "a", &postA{}) // both branches add post.a
	before, _ := os.ReadFile(filepath.Join(dir, migdir.SumFile))
	_, err := merge.Run(context.Background(), merge.Request{Dir: dir, Registered: registered, Move: "ccc"})
	if err == nil || !strings.Contains(err.Error(), "migration "+branchB) || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("joining two branches adding the same column: err = %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, migdir.SumFile))
	if string(before) != string(after) {
		t.Fatal("the sum file was written by a merge that failed")
	}
	if _, err := merge.Run(context.Background(), merge.Request{Dir: dir, Registered: registered[:2]}); !errors.Is(err, merge.ErrStale) {
		t.Fatalf("a program missing a migration on disk: err = %v, want ErrStale", err)
	}
}

// pgRead reads models for PostgreSQL, as the command line does, through
// GORM's own dialector.
var pgRead = gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}
