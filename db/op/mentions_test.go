package op

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
)

func TestDropColumnForgetsTheChecksThatNameIt(t *testing.T) {
	s := &schema.Schema{Tables: []*schema.Table{{
		Name:    "post",
		Columns: []*schema.Column{{Name: "_id", Type: String, NotNull: true}, {Name: "duration", Type: Integer}, {Name: "duration_max", Type: Integer}},
		Checks: []*schema.Check{
			{Name: "post_duration_check", Expr: "duration >= 0"},
			{Name: "post_quoted_check", Expr: `"duration" < 3600`},
			{Name: "post_duration_max_check", Expr: "duration_max > 0"},
		},
	}}}
	if err := DropColumn("post", "duration").Mutate(s); err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, k := range s.Table("post").Checks {
		left = append(left, k.Name)
	}
	if len(left) != 1 || left[0] != "post_duration_max_check" {
		t.Errorf("checks left after dropping duration: %v, want only post_duration_max_check", left)
	}
}

func TestMentionsMatchesWholeIdentifiersOnly(t *testing.T) {
	cases := []struct {
		expr, column string
		want         bool
	}{
		{"duration >= 0", "duration", true},
		{"(duration >= 0)", "duration", true},
		{`"duration" >= 0`, "duration", true},
		{"duration_max >= 0", "duration", false},
		{"max_duration >= 0", "duration", false},
		{"max_duration >= 0 AND duration < 9", "duration", true},
	}
	for _, c := range cases {
		if got := mentions(c.expr, c.column); got != c.want {
			t.Errorf("mentions(%q, %q) = %v, want %v", c.expr, c.column, got, c.want)
		}
	}
}

// On both databases, dropping a column drops its checks with it: PostgreSQL
// does it itself, and the SQLite rebuild must not copy a check that names a
// column it no longer has.
func TestDropColumnWithACheckWorksOnBothDatabases(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		err := Apply(gdb,
			CreateTable("clip",
				Col("_id", String).NotNull(),
				Col("seconds", Integer),
				Col("title", String),
				PrimaryKey("_id"),
				Check("clip_seconds_check", "seconds >= 0"),
			),
			Execute(`INSERT INTO "clip" ("_id", "seconds", "title") VALUES ('a', 5, 'kept')`),
		)
		if err != nil {
			t.Fatal(err)
		}
		if err := Apply(gdb, DropColumn("clip", "seconds")); err != nil {
			t.Fatalf("drop a column that a check names: %v", err)
		}
		got, err := inspect.Schema(context.Background(), gdb)
		if err != nil {
			t.Fatal(err)
		}
		if c := got.Table("clip"); c == nil || c.Column("seconds") != nil || len(c.Checks) != 0 {
			t.Errorf("after the drop: %+v", c)
		}
		var title string
		gdb.Raw(`SELECT "title" FROM "clip" WHERE "_id" = 'a'`).Scan(&title)
		if title != "kept" {
			t.Errorf("title = %q after the drop, want kept", title)
		}
	})
}
