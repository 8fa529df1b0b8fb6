package replay_test

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
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/replay"
	"github.com/matar-app/matardb/migrations"
	"github.com/matar-app/matardb/models"
)

// copyMigrations copies Matar's migrations directory (sources, snapshot,
// sum file) into a temporary one.
func copyMigrations(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("../../migrations")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("../../migrations", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func replayed(t *testing.T, h *history.History) *autogen.Replayed {
	t.Helper()
	res, err := replay.Run(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	return &autogen.Replayed{Schema: res.Schema, Opaque: res.Opaque()}
}

// Finding 1: a column removed from schema.json (still valid JSON) made
// revision write an AddColumn the history already made, and check said OK.
func TestCheckAndRevisionReplayTheHistoryInsteadOfTrustingTheSnapshot(t *testing.T) {
	dir := copyMigrations(t)
	path := filepath.Join(dir, migdir.SnapshotFile)
	snap, err := migdir.ReadSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	post := snap.Schema.Table("post_activity")
	post.Columns = post.Columns[:len(post.Columns)-1] // organization_id, added by 01ea0e75088a
	if _, err := migdir.WriteSnapshot(dir, snap); err != nil {
		t.Fatal(err)
	}
	h, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	r := replayed(t, h)
	res, err := autogen.Check(autogen.CheckRequest{Dir: dir, GORM: pgRead, Models: models.All(), History: h.Chain(), Replayed: r})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK() || res.Snapshot == nil || len(res.Differences) != 0 {
		t.Fatalf("check: OK %v, snapshot %v, differences %q; want only the snapshot reported", res.OK(), res.Snapshot, res.Differences)
	}
	msg := strings.Join(res.Problems("", ""), "\n")
	for _, want := range []string{path, `add column "post_activity"."organization_id"`, "regenerate it from the history"} {
		if !strings.Contains(msg, want) {
			t.Errorf("check's problems do not contain %q:\n%s", want, msg)
		}
	}
	_, err = autogen.Revision(autogen.RevisionRequest{Dir: dir, GORM: pgRead, Message: "x", Autogenerate: true,
		Models: models.All(), History: h.Chain(), Replayed: r})
	if !errors.Is(err, autogen.ErrSnapshotStale) {
		t.Fatalf("revision from a stale snapshot: err = %v, want ErrSnapshotStale", err)
	}
	if _, err := autogen.WriteSnapshot(dir, h.Head(), r); err != nil {
		t.Fatal(err)
	}
	res, err = autogen.Check(autogen.CheckRequest{Dir: dir, GORM: pgRead, Models: models.All(), History: h.Chain(), Replayed: r})
	if err != nil || !res.OK() {
		t.Fatalf("check after regenerating the snapshot: %v %q", err, res.Problems("", ""))
	}
}

type postV1 struct {
	ID    string `gorm:"column:_id;primaryKey"`
	Title string
}

func (postV1) TableName() string { return "post" }

type postWithSlug struct {
	ID    string `gorm:"column:_id;primaryKey"`
	Title string
	Slug  string `gorm:"type:varchar(200);uniqueIndex:ix_post_slug"`
}

func (postWithSlug) TableName() string { return "post" }

// Finding 2: the README's hand-written migration was invisible to the
// autogenerator, which wrote the column and index a second time.
func TestAHandWrittenMigrationsOpStepsAreSeenByCheckAndRevision(t *testing.T) {
	dir := t.TempDir()
	first, err := autogen.Revision(autogen.RevisionRequest{Dir: dir, GORM: pgRead, Message: "create post", Autogenerate: true,
		Models: []any{&postV1{}}, ID: func() string { return "aaaaaaaaaaaa" }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := autogen.Revision(autogen.RevisionRequest{Dir: dir, GORM: pgRead, Message: "fill slug",
		History: []string{first.ID}, ID: func() string { return "bbbbbbbbbbbb" }}); err != nil {
		t.Fatal(err)
	}
	create := history.Migration{ID: "aaaaaaaaaaaa", Migrate: func(tx *gorm.DB) error {
		return op.Apply(tx, op.CreateTable("post", op.Col("_id", op.Text).NotNull(),
			op.Col("title", op.Text), op.PrimaryKey("_id")))
	}}
	hand := history.Migration{ID: "bbbbbbbbbbbb", Parent: "aaaaaaaaaaaa", Migrate: func(tx *gorm.DB) error {
		return op.Apply(tx,
			op.AddColumn("post", op.Col("slug", op.VarChar(200))),
			op.Execute(`UPDATE "post" SET "slug" = lower("title")`),
			op.CreateIndex("post", op.UniqueIndex("ix_post_slug", "slug")),
		)
	}}
	h, err := history.New(create, hand)
	if err != nil {
		t.Fatal(err)
	}
	r := replayed(t, h)
	req := autogen.CheckRequest{Dir: dir, GORM: pgRead, Models: []any{&postWithSlug{}}, History: h.Chain(), Replayed: r}
	res, err := autogen.Check(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Differences) != 0 {
		t.Fatalf("the models were compared with the snapshot, not the history: %q", res.Differences)
	}
	if res.Snapshot == nil || len(res.Opaque) != 1 || !strings.HasPrefix(res.Opaque[0], "bbbbbbbbbbbb") {
		t.Fatalf("check: snapshot %v, opaque %q; want the stale snapshot and the raw SQL of bbbbbbbbbbbb named", res.Snapshot, res.Opaque)
	}
	if _, err := autogen.WriteSnapshot(dir, h.Head(), r); err != nil {
		t.Fatal(err)
	}
	rev, err := autogen.Revision(autogen.RevisionRequest{Dir: dir, GORM: pgRead, Message: "again", Autogenerate: true,
		Models: []any{&postWithSlug{}}, History: h.Chain(), Replayed: r})
	if err != nil || !rev.NoChanges {
		t.Fatalf("revision after the hand-written migration: %v, %+v; want no changes", err, rev)
	}
}

// pgRead reads models for PostgreSQL, as the command line does, through
// GORM's own dialector.
var pgRead = gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}
