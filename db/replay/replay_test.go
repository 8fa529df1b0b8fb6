package replay_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/replay"
	"github.com/matar-app/matardb/migrations"
)

func TestMatarsHistoryReplaysToItsSnapshot(t *testing.T) {
	h, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	res, err := replay.Run(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := migdir.ReadSnapshot("../../migrations")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := autogen.Diff(&snap.Schema, res.Schema, autogen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Empty() {
		t.Fatalf("the replayed history differs from schema.json: %v", plan.Up)
	}
	if len(res.Steps) != h.Len() {
		t.Fatalf("%d steps for %d migrations", len(res.Steps), h.Len())
	}
}

// The README's hand-written migration: its op steps count, its raw SQL
// makes it opaque, and a second migration adding the same column again is
// the error every database would give.
func TestHandWrittenOpsCountAndRawSQLIsNamed(t *testing.T) {
	first := history.Migration{ID: "aaaaaaaaaaaa", Migrate: func(tx *gorm.DB) error {
		return op.Apply(tx, op.CreateTable("post", op.Col("_id", op.String).NotNull(),
			op.Col("title", op.String), op.PrimaryKey("_id")))
	}}
	hand := history.Migration{ID: "bbbbbbbbbbbb", Parent: "aaaaaaaaaaaa",
		Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.AddColumn("post", op.Col("slug", op.VarChar(200))),
				op.Execute(`UPDATE "post" SET "slug" = lower("title")`),
				op.CreateIndex("post", op.UniqueIndex("ix_post_slug", "slug")),
			)
		},
		Rollback: func(tx *gorm.DB) error { return op.Apply(tx, op.DropColumn("post", "slug")) },
	}
	h, err := history.New(first, hand)
	if err != nil {
		t.Fatal(err)
	}
	res, err := replay.Run(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	post := res.Schema.Table("post")
	if post == nil || post.Column("slug") == nil || post.Index("ix_post_slug") == nil {
		t.Fatalf("the hand-written column and index are not in the replayed schema: %+v", post)
	}
	if got := res.Opaque(); len(got) != 1 || !strings.HasPrefix(got[0], "bbbbbbbbbbbb (raw SQL") {
		t.Fatalf("Opaque() = %q, want the hand-written migration named for its raw SQL", got)
	}
	if len(res.Steps[1].Down) != 1 {
		t.Fatalf("the rollback's operations were not recorded: %v", res.Steps[1].Down)
	}

	again := history.Migration{ID: "cccccccccccc", Parent: "bbbbbbbbbbbb", Migrate: func(tx *gorm.DB) error {
		return op.Apply(tx, op.AddColumn("post", op.Col("slug", op.VarChar(200))))
	}}
	h, err = history.New(first, hand, again)
	if err != nil {
		t.Fatal(err)
	}
	_, err = replay.Run(context.Background(), h)
	if err == nil || !strings.Contains(err.Error(), "migration cccccccccccc") {
		t.Fatalf("adding the column twice: err = %v, want one naming migration cccccccccccc", err)
	}
}

func TestGoCodeSendingItsOwnSQLIsOpaque(t *testing.T) {
	m := history.Migration{ID: "aaaaaaaaaaaa", Migrate: func(tx *gorm.DB) error {
		return tx.Exec(`CREATE TABLE t (x int)`).Error
	}}
	h, err := history.New(m)
	if err != nil {
		t.Fatal(err)
	}
	res, err := replay.Run(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Opaque(); len(got) != 1 || !strings.Contains(got[0], "SQL of its own") {
		t.Fatalf("Opaque() = %q", got)
	}
}

// Finding 6: downgrade did not say that it was about to drop data.
func TestRollbackLossesListsTheStepsThatDropData(t *testing.T) {
	h, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	res, err := replay.Run(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	losses, err := res.RollbackLosses([]string{h.At(2).ID, h.At(1).ID})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range losses {
		got = append(got, l.ID+": "+l.Step)
	}
	want := []string{
		h.At(2).ID + `: drop column "post_activity"."organization_id"`,
		h.At(1).ID + `: drop column "user"."roles"`,
		h.At(1).ID + `: drop column "post"."organization_id"`,
		h.At(1).ID + `: drop column "category"."organization_id"`,
		h.At(1).ID + `: drop table "organization"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("RollbackLosses =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
