package autogen

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// build returns the schema ops make from an empty one.
func build(t *testing.T, ops ...op.Op) *schema.Schema {
	t.Helper()
	return mutate(t, &schema.Schema{}, ops...)
}

// mutate returns a copy of s changed by ops.
func mutate(t *testing.T, s *schema.Schema, ops ...op.Op) *schema.Schema {
	t.Helper()
	c, err := tryMutate(s, ops...)
	if err != nil {
		t.Fatalf("build test schema: %v", err)
	}
	return c
}

func tryMutate(s *schema.Schema, ops ...op.Op) (*schema.Schema, error) {
	c := s.Clone()
	for _, o := range ops {
		if err := o.Mutate(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func goStrings(ops []op.Op) []string {
	out := make([]string, len(ops))
	for i, o := range ops {
		out[i] = o.GoString()
	}
	return out
}

// baseSchema is a small blog: users, posts that belong to users, and tags.
func baseSchema(t *testing.T) *schema.Schema {
	return build(t,
		op.CreateTable("user",
			op.Col("_id", op.String).NotNull(),
			op.Col("name", op.String),
			op.Col("active", op.Boolean).Default("true"),
			op.PrimaryKey("_id"),
		),
		op.CreateTable("post",
			op.Col("_id", op.String).NotNull(),
			op.Col("user_id", op.String).NotNull(),
			op.Col("title", op.VarChar(100)),
			op.Col("views", op.Integer).Default("0"),
			op.Col("price", op.Numeric(10, 2)),
			op.Col("body", op.Text),
			op.PrimaryKey("_id"),
			op.ForeignKey("post_user_id_fkey", "user_id").References("user", "_id"),
			op.Check("post_views_check", "views >= 0"),
			op.Index("ix_post_user_id", "user_id"),
		),
	)
}

// diffCase is one kind of change: the new schema is the base schema changed
// by change; Up and Down must be exactly up and down.
type diffCase struct {
	name     string
	change   []op.Op
	opts     Options
	up, down []string
}

var diffCases = []diffCase{
	{
		name: "added table is created with its keys and dropped on the way down",
		change: []op.Op{op.CreateTable("tag",
			op.Col("_id", op.Integer).NotNull(),
			op.Col("post_id", op.String).NotNull(),
			op.Col("label", op.VarChar(20)).Default("'new'"),
			op.PrimaryKey("_id"),
			op.ForeignKey("tag_post_id_fkey", "post_id").References("post", "_id").OnDelete("cascade"),
			op.UniqueIndex("tag_label_key", "label"),
		)},
		up: []string{`op.CreateTable("tag",
op.Col("_id", op.Integer).NotNull(),
op.Col("post_id", op.String).NotNull(),
op.Col("label", op.VarChar(20)).Default("'new'"),
op.PrimaryKey("_id"),
op.ForeignKey("tag_post_id_fkey", "post_id").References("post", "_id").OnDelete("CASCADE"),
op.UniqueIndex("tag_label_key", "label"),
)`},
		down: []string{`op.DropTable("tag")`},
	},
	{
		name:   "dropped tables go referencing table first and come back referenced table first",
		change: []op.Op{op.DropTable("post"), op.DropTable("user")},
		up:     []string{`op.DropTable("post")`, `op.DropTable("user")`},
		down: []string{`op.CreateTable("user",
op.Col("_id", op.String).NotNull(),
op.Col("name", op.String),
op.Col("active", op.Boolean).Default("true"),
op.PrimaryKey("_id"),
)`, `op.CreateTable("post",
op.Col("_id", op.String).NotNull(),
op.Col("user_id", op.String).NotNull(),
op.Col("title", op.VarChar(100)),
op.Col("views", op.Integer).Default("0"),
op.Col("price", op.Numeric(10, 2)),
op.Col("body", op.Text),
op.PrimaryKey("_id"),
op.ForeignKey("post_user_id_fkey", "user_id").References("user", "_id"),
op.Check("post_views_check", "views >= 0"),
op.Index("ix_post_user_id", "user_id"),
)`},
	},
	{
		name:   "added nullable column",
		change: []op.Op{op.AddColumn("user", op.Col("email", op.VarChar(255)).Comment("login"))},
		up:     []string{`op.AddColumn("user", op.Col("email", op.VarChar(255)).Comment("login"))`},
		down:   []string{`op.DropColumn("user", "email")`},
	},
	{
		name:   "added NOT NULL column with a default needs no backfill",
		change: []op.Op{op.AddColumn("user", op.Col("score", op.BigInt).NotNull().Default("0"))},
		up:     []string{`op.AddColumn("user", op.Col("score", op.BigInt).NotNull().Default("0"))`},
		down:   []string{`op.DropColumn("user", "score")`},
	},
	{
		name:   "added NOT NULL column without default is backfilled with the given value",
		change: []op.Op{op.AddColumn("user", op.Col("language", op.String).NotNull())},
		opts:   Options{Backfill: map[string]string{"user.language": "'hindi'"}},
		up:     []string{`op.AddColumn("user", op.Col("language", op.String).NotNull()).Backfill("'hindi'")`},
		down:   []string{`op.DropColumn("user", "language")`},
	},
	{
		name:   "dropped column comes back as it was",
		change: []op.Op{op.DropCheck("post", "post_views_check"), op.DropColumn("post", "views")},
		up:     []string{`op.DropCheck("post", "post_views_check")`, `op.DropColumn("post", "views")`},
		down: []string{`op.AddColumn("post", op.Col("views", op.Integer).Default("0"))`,
			`op.AddCheck("post", op.Check("post_views_check", "views >= 0"))`},
	},
	{
		name:   "dropped NOT NULL column without default comes back backfilled",
		change: []op.Op{op.DropIndex("post", "ix_post_user_id"), op.DropForeignKey("post", "post_user_id_fkey"), op.DropColumn("post", "user_id")},
		up: []string{`op.DropForeignKey("post", "post_user_id_fkey")`, `op.DropIndex("post", "ix_post_user_id")`,
			`op.DropColumn("post", "user_id")`},
		down: []string{`op.AddColumn("post", op.Col("user_id", op.String).NotNull()).Backfill("''")`,
			`op.CreateIndex("post", op.Index("ix_post_user_id", "user_id"))`,
			`op.AddForeignKey("post", op.ForeignKey("post_user_id_fkey", "user_id").References("user", "_id"))`},
	},
	{
		name:   "string length change",
		change: []op.Op{op.AlterColumn("post", "title").SetType(op.VarChar(200))},
		up:     []string{`op.AlterColumn("post", "title").SetType(op.VarChar(200))`},
		down:   []string{`op.AlterColumn("post", "title").SetType(op.VarChar(100))`},
	},
	{
		name:   "numeric precision change",
		change: []op.Op{op.AlterColumn("post", "price").SetType(op.Numeric(12, 4))},
		up:     []string{`op.AlterColumn("post", "price").SetType(op.Numeric(12, 4))`},
		down:   []string{`op.AlterColumn("post", "price").SetType(op.Numeric(10, 2))`},
	},
	{
		name:   "type kind change",
		change: []op.Op{op.AlterColumn("post", "views").SetType(op.BigInt)},
		up:     []string{`op.AlterColumn("post", "views").SetType(op.BigInt)`},
		down:   []string{`op.AlterColumn("post", "views").SetType(op.Integer)`},
	},
	{
		name:   "column becomes NOT NULL",
		change: []op.Op{op.AlterColumn("user", "name").SetNotNull(true)},
		opts:   Options{Backfill: map[string]string{"user.name": "''"}},
		up:     []string{`op.AlterColumn("user", "name").SetNotNull(true).Backfill("''")`},
		down:   []string{`op.AlterColumn("user", "name").SetNotNull(false)`},
	},
	{
		name:   "column becomes nullable",
		change: []op.Op{op.AlterColumn("post", "user_id").SetNotNull(false)},
		up:     []string{`op.AlterColumn("post", "user_id").SetNotNull(false)`},
		down:   []string{`op.AlterColumn("post", "user_id").SetNotNull(true)`},
	},
	{
		name:   "default added",
		change: []op.Op{op.AlterColumn("user", "name").SetDefault("'anonymous'")},
		up:     []string{`op.AlterColumn("user", "name").SetDefault("'anonymous'")`},
		down:   []string{`op.AlterColumn("user", "name").DropDefault()`},
	},
	{
		name:   "default changed",
		change: []op.Op{op.AlterColumn("post", "views").SetDefault("1")},
		up:     []string{`op.AlterColumn("post", "views").SetDefault("1")`},
		down:   []string{`op.AlterColumn("post", "views").SetDefault("0")`},
	},
	{
		name:   "default removed",
		change: []op.Op{op.AlterColumn("user", "active").DropDefault()},
		up:     []string{`op.AlterColumn("user", "active").DropDefault()`},
		down:   []string{`op.AlterColumn("user", "active").SetDefault("true")`},
	},
	{
		name:   "comment added",
		change: []op.Op{op.AlterColumn("post", "body").SetComment("markdown")},
		up:     []string{`op.AlterColumn("post", "body").SetComment("markdown")`},
		down:   []string{`op.AlterColumn("post", "body").SetComment("")`},
	},
	{
		name: "several changes of one column make one AlterColumn",
		change: []op.Op{op.AlterColumn("post", "title").SetType(op.Text).SetNotNull(true).
			SetDefault("'untitled'").SetComment("headline")},
		up:   []string{`op.AlterColumn("post", "title").SetType(op.Text).SetNotNull(true).SetDefault("'untitled'").SetComment("headline").Backfill("'untitled'")`},
		down: []string{`op.AlterColumn("post", "title").SetType(op.VarChar(100)).SetNotNull(false).DropDefault().SetComment("")`},
	},
	{
		name:   "index added, composite",
		change: []op.Op{op.CreateIndex("post", op.Index("ix_post_user_id_title", "user_id", "title"))},
		up:     []string{`op.CreateIndex("post", op.Index("ix_post_user_id_title", "user_id", "title"))`},
		down:   []string{`op.DropIndex("post", "ix_post_user_id_title")`},
	},
	{
		name:   "index dropped",
		change: []op.Op{op.DropIndex("post", "ix_post_user_id")},
		up:     []string{`op.DropIndex("post", "ix_post_user_id")`},
		down:   []string{`op.CreateIndex("post", op.Index("ix_post_user_id", "user_id"))`},
	},
	{
		name:   "index columns changed is a drop and a create",
		change: []op.Op{op.DropIndex("post", "ix_post_user_id"), op.CreateIndex("post", op.Index("ix_post_user_id", "user_id", "_id"))},
		up: []string{`op.DropIndex("post", "ix_post_user_id")`,
			`op.CreateIndex("post", op.Index("ix_post_user_id", "user_id", "_id"))`},
		down: []string{`op.DropIndex("post", "ix_post_user_id")`,
			`op.CreateIndex("post", op.Index("ix_post_user_id", "user_id"))`},
	},
	{
		name:   "index made unique is a drop and a create",
		change: []op.Op{op.DropIndex("post", "ix_post_user_id"), op.CreateIndex("post", op.UniqueIndex("ix_post_user_id", "user_id"))},
		up: []string{`op.DropIndex("post", "ix_post_user_id")`,
			`op.CreateIndex("post", op.UniqueIndex("ix_post_user_id", "user_id"))`},
		down: []string{`op.DropIndex("post", "ix_post_user_id")`,
			`op.CreateIndex("post", op.Index("ix_post_user_id", "user_id"))`},
	},
	{
		name:   "index renamed is a drop of the old and a create of the new",
		change: []op.Op{op.DropIndex("post", "ix_post_user_id"), op.CreateIndex("post", op.Index("idx_post_user", "user_id"))},
		up: []string{`op.DropIndex("post", "ix_post_user_id")`,
			`op.CreateIndex("post", op.Index("idx_post_user", "user_id"))`},
		down: []string{`op.DropIndex("post", "idx_post_user")`,
			`op.CreateIndex("post", op.Index("ix_post_user_id", "user_id"))`},
	},
	{
		name:   "unique constraint added",
		change: []op.Op{op.CreateIndex("user", op.UniqueIndex("user_name_key", "name"))},
		up:     []string{`op.CreateIndex("user", op.UniqueIndex("user_name_key", "name"))`},
		down:   []string{`op.DropIndex("user", "user_name_key")`},
	},
	{
		name: "foreign key added",
		change: []op.Op{op.AddColumn("user", op.Col("best_post_id", op.String)),
			op.AddForeignKey("user", op.ForeignKey("user_best_post_id_fkey", "best_post_id").References("post", "_id").OnDelete("SET NULL"))},
		up: []string{`op.AddColumn("user", op.Col("best_post_id", op.String))`,
			`op.AddForeignKey("user", op.ForeignKey("user_best_post_id_fkey", "best_post_id").References("post", "_id").OnDelete("SET NULL"))`},
		down: []string{`op.DropForeignKey("user", "user_best_post_id_fkey")`, `op.DropColumn("user", "best_post_id")`},
	},
	{
		name:   "foreign key dropped",
		change: []op.Op{op.DropForeignKey("post", "post_user_id_fkey")},
		up:     []string{`op.DropForeignKey("post", "post_user_id_fkey")`},
		down:   []string{`op.AddForeignKey("post", op.ForeignKey("post_user_id_fkey", "user_id").References("user", "_id"))`},
	},
	{
		name: "foreign key action changed is a drop and an add",
		change: []op.Op{op.DropForeignKey("post", "post_user_id_fkey"),
			op.AddForeignKey("post", op.ForeignKey("post_user_id_fkey", "user_id").References("user", "_id").OnDelete("CASCADE").OnUpdate("cascade"))},
		up: []string{`op.DropForeignKey("post", "post_user_id_fkey")`,
			`op.AddForeignKey("post", op.ForeignKey("post_user_id_fkey", "user_id").References("user", "_id").OnDelete("CASCADE").OnUpdate("CASCADE"))`},
		down: []string{`op.DropForeignKey("post", "post_user_id_fkey")`,
			`op.AddForeignKey("post", op.ForeignKey("post_user_id_fkey", "user_id").References("user", "_id"))`},
	},
	{
		name:   "check added",
		change: []op.Op{op.AddCheck("post", op.Check("post_price_check", "price > 0"))},
		up:     []string{`op.AddCheck("post", op.Check("post_price_check", "price > 0"))`},
		down:   []string{`op.DropCheck("post", "post_price_check")`},
	},
	{
		name:   "check dropped",
		change: []op.Op{op.DropCheck("post", "post_views_check")},
		up:     []string{`op.DropCheck("post", "post_views_check")`},
		down:   []string{`op.AddCheck("post", op.Check("post_views_check", "views >= 0"))`},
	},
	{
		name:   "check expression changed is a drop and an add",
		change: []op.Op{op.DropCheck("post", "post_views_check"), op.AddCheck("post", op.Check("post_views_check", "views > 0"))},
		up: []string{`op.DropCheck("post", "post_views_check")`,
			`op.AddCheck("post", op.Check("post_views_check", "views > 0"))`},
		down: []string{`op.DropCheck("post", "post_views_check")`,
			`op.AddCheck("post", op.Check("post_views_check", "views >= 0"))`},
	},
	{
		name:   "table rename from a hint keeps the table",
		change: []op.Op{op.RenameTable("post", "article")},
		opts:   Options{TableRenames: map[string]string{"article": "post"}},
		up:     []string{`op.RenameTable("post", "article")`},
		down:   []string{`op.RenameTable("article", "post")`},
	},
	{
		name:   "column rename from a hint keeps the column",
		change: []op.Op{op.RenameColumn("post", "body", "content")},
		opts:   Options{ColumnRenames: map[string]map[string]string{"post": {"content": "body"}}},
		up:     []string{`op.RenameColumn("post", "body", "content")`},
		down:   []string{`op.RenameColumn("post", "content", "body")`},
	},
	{
		name: "a check naming a renamed column is dropped before the rename and added back after",
		change: []op.Op{op.DropCheck("post", "post_views_check"), op.RenameColumn("post", "views", "hits"),
			op.AddCheck("post", op.Check("post_views_check", `"hits" >= 0`))},
		opts: Options{ColumnRenames: map[string]map[string]string{"post": {"hits": "views"}}},
		up: []string{`op.DropCheck("post", "post_views_check")`, `op.RenameColumn("post", "views", "hits")`,
			`op.AddCheck("post", op.Check("post_views_check", "\"hits\" >= 0"))`},
		down: []string{`op.DropCheck("post", "post_views_check")`, `op.RenameColumn("post", "hits", "views")`,
			`op.AddCheck("post", op.Check("post_views_check", "views >= 0"))`},
	},
	{
		name: "renamed table and column are then diffed under their new names",
		change: []op.Op{op.RenameTable("post", "article"), op.RenameColumn("article", "title", "headline"),
			op.AlterColumn("article", "headline").SetType(op.VarChar(150))},
		opts: Options{
			TableRenames:  map[string]string{"article": "post"},
			ColumnRenames: map[string]map[string]string{"article": {"headline": "title"}},
		},
		up: []string{`op.RenameTable("post", "article")`, `op.RenameColumn("article", "title", "headline")`,
			`op.AlterColumn("article", "headline").SetType(op.VarChar(150))`},
		down: []string{`op.AlterColumn("article", "headline").SetType(op.VarChar(100))`,
			`op.RenameColumn("article", "headline", "title")`, `op.RenameTable("article", "post")`},
	},
	{
		name: "new tables that reference each other: the cycle is closed by AddForeignKey",
		change: []op.Op{
			op.CreateTable("b",
				op.Col("id", op.Integer), op.Col("a_id", op.Integer), op.PrimaryKey("id"),
				op.ForeignKey("b_a_id_fkey", "a_id").References("a", "id")),
			op.CreateTable("a",
				op.Col("id", op.Integer), op.Col("b_id", op.Integer), op.PrimaryKey("id"),
				op.ForeignKey("a_b_id_fkey", "b_id").References("b", "id")),
		},
		up: []string{`op.CreateTable("a",
op.Col("id", op.Integer).NotNull(),
op.Col("b_id", op.Integer),
op.PrimaryKey("id"),
)`, `op.CreateTable("b",
op.Col("id", op.Integer).NotNull(),
op.Col("a_id", op.Integer),
op.PrimaryKey("id"),
op.ForeignKey("b_a_id_fkey", "a_id").References("a", "id"),
)`, `op.AddForeignKey("a", op.ForeignKey("a_b_id_fkey", "b_id").References("b", "id"))`},
		down: []string{`op.DropForeignKey("a", "a_b_id_fkey")`, `op.DropTable("b")`, `op.DropTable("a")`},
	},
	{
		name: "new table referenced by a new table is created first, whatever the names",
		change: []op.Op{
			op.CreateTable("z", op.Col("id", op.Integer), op.PrimaryKey("id")),
			op.CreateTable("a", op.Col("id", op.Integer), op.Col("z_id", op.Integer), op.PrimaryKey("id"),
				op.ForeignKey("a_z_id_fkey", "z_id").References("z", "id")),
		},
		up: []string{`op.CreateTable("z",
op.Col("id", op.Integer).NotNull(),
op.PrimaryKey("id"),
)`, `op.CreateTable("a",
op.Col("id", op.Integer).NotNull(),
op.Col("z_id", op.Integer),
op.PrimaryKey("id"),
op.ForeignKey("a_z_id_fkey", "z_id").References("z", "id"),
)`},
		down: []string{`op.DropTable("a")`, `op.DropTable("z")`},
	},
}

func TestDiffDetectsEachKindOfChange(t *testing.T) {
	for _, c := range diffCases {
		t.Run(c.name, func(t *testing.T) {
			from := baseSchema(t)
			to := mutate(t, from, c.change...)
			p, err := Diff(from, to, c.opts)
			if err != nil {
				t.Fatalf("Diff: %v", err)
			}
			if got := goStrings(p.Up); !slices.Equal(got, c.up) {
				t.Errorf("Up:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.up, "\n"))
			}
			if got := goStrings(p.Down); !slices.Equal(got, c.down) {
				t.Errorf("Down:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.down, "\n"))
			}
		})
	}
}

func TestDiffOrdersStepsSafely(t *testing.T) {
	from := baseSchema(t)
	to := mutate(t, from,
		op.DropIndex("post", "ix_post_user_id"),
		op.DropForeignKey("post", "post_user_id_fkey"),
		op.DropColumn("post", "user_id"),
		op.CreateTable("author", op.Col("_id", op.String), op.PrimaryKey("_id")),
		op.AddColumn("post", op.Col("author_id", op.String)),
		op.AddForeignKey("post", op.ForeignKey("post_author_id_fkey", "author_id").References("author", "_id")),
		op.CreateIndex("post", op.Index("ix_post_author_id", "author_id")),
		op.AlterColumn("post", "title").SetNotNull(true),
		op.DropCheck("post", "post_views_check"),
		op.AddCheck("post", op.Check("post_views_check", "views > 0")),
		op.DropTable("user"),
	)
	p, err := Diff(from, to, Options{Backfill: map[string]string{"post.title": "''"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`op.DropForeignKey("post", "post_user_id_fkey")`,
		`op.DropCheck("post", "post_views_check")`,
		`op.DropIndex("post", "ix_post_user_id")`,
		`op.CreateTable("author",
op.Col("_id", op.String).NotNull(),
op.PrimaryKey("_id"),
)`,
		`op.AddColumn("post", op.Col("author_id", op.String))`,
		`op.AlterColumn("post", "title").SetNotNull(true).Backfill("''")`,
		`op.DropTable("user")`,
		`op.DropColumn("post", "user_id")`,
		`op.CreateIndex("post", op.Index("ix_post_author_id", "author_id"))`,
		`op.AddCheck("post", op.Check("post_views_check", "views > 0"))`,
		`op.AddForeignKey("post", op.ForeignKey("post_author_id_fkey", "author_id").References("author", "_id"))`,
	}
	if got := goStrings(p.Up); !slices.Equal(got, want) {
		t.Errorf("Up:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := goStrings(p.DataLoss); !slices.Equal(got, []string{`op.DropTable("user")`, `op.DropColumn("post", "user_id")`}) {
		t.Errorf("DataLoss = %v", got)
	}
}

func TestDiffDropsTablesInACycleByDroppingAForeignKeyFirst(t *testing.T) {
	from := build(t,
		op.CreateTable("a", op.Col("id", op.Integer), op.Col("b_id", op.Integer), op.PrimaryKey("id")),
		op.CreateTable("b", op.Col("id", op.Integer), op.Col("a_id", op.Integer), op.PrimaryKey("id"),
			op.ForeignKey("b_a_id_fkey", "a_id").References("a", "id")),
		op.AddForeignKey("a", op.ForeignKey("a_b_id_fkey", "b_id").References("b", "id")),
	)
	p, err := Diff(from, &schema.Schema{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantUp := []string{`op.DropForeignKey("b", "b_a_id_fkey")`, `op.DropTable("a")`, `op.DropTable("b")`}
	if got := goStrings(p.Up); !slices.Equal(got, wantUp) {
		t.Errorf("Up = %q, want %q", got, wantUp)
	}
	wantDown := []string{`op.CreateTable("b",
op.Col("id", op.Integer).NotNull(),
op.Col("a_id", op.Integer),
op.PrimaryKey("id"),
)`, `op.CreateTable("a",
op.Col("id", op.Integer).NotNull(),
op.Col("b_id", op.Integer),
op.PrimaryKey("id"),
op.ForeignKey("a_b_id_fkey", "b_id").References("b", "id"),
)`, `op.AddForeignKey("b", op.ForeignKey("b_a_id_fkey", "a_id").References("a", "id"))`}
	if got := goStrings(p.Down); !slices.Equal(got, wantDown) {
		t.Errorf("Down:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDown, "\n"))
	}
}

func TestDiffReportsNoDifferenceForEquivalentSpellings(t *testing.T) {
	from := baseSchema(t)
	to := from.Clone()
	post := to.Table("post")
	post.Column("views").Default = "(0)"
	post.Column("_id").NotNull = false // a primary key column is NOT NULL anyway
	post.ForeignKeys[0].OnDelete = "no action"
	post.Checks[0].Expr = "  views\n\t>=   0 "
	slices.Reverse(post.Columns)
	to.Table("user").Column("active").Default = "TRUE"
	p, err := Diff(from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Empty() {
		t.Errorf("Diff of equivalent schemas planned %q", goStrings(p.Up))
	}
}

func TestDiffOfASchemaWithItselfIsEmpty(t *testing.T) {
	for _, s := range []*schema.Schema{nil, {}, baseSchema(t), richSchema(t)} {
		p, err := Diff(s, s.Clone(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !p.Empty() || p.Down != nil || p.DataLoss != nil || p.Suggestions != nil {
			t.Errorf("Diff(x, x) = %+v, want an empty plan", p)
		}
	}
}

// richSchema has every kind of thing a schema holds.
func richSchema(t *testing.T) *schema.Schema {
	s := baseSchema(t)
	return mutate(t, s,
		op.CreateTable("comment",
			op.Col("id", op.BigInt), op.Col("post_id", op.String).NotNull(), op.Col("parent_id", op.BigInt),
			op.Col("at", op.TimestampTZ).NotNull().Default("now()"), op.Col("data", op.JSONB),
			op.Col("score", op.Double).Default("1.5"), op.Col("day", op.Date), op.Col("key", op.UUID),
			op.Col("blob", op.Bytes), op.Col("small", op.SmallInt), op.Col("ratio", op.Real),
			op.Col("note", op.Text).Comment("free text"),
			op.PrimaryKey("id"),
			op.ForeignKey("comment_post_id_fkey", "post_id").References("post", "_id").OnDelete("CASCADE"),
			op.ForeignKey("comment_parent_id_fkey", "parent_id").References("comment", "id").OnUpdate("SET NULL"),
			op.Check("comment_score_check", "score BETWEEN 0 AND 5"),
			op.UniqueIndex("comment_key_key", "key"),
			op.Index("ix_comment_post_id_at", "post_id", "at"),
		),
	)
}

func TestDiffThenDiffOfTheResultIsEmpty(t *testing.T) {
	for _, c := range diffCases {
		from := richSchema(t)
		to, err := tryMutate(from, c.change...)
		if err != nil { // the change does not fit the rich schema
			from = baseSchema(t)
			to = mutate(t, from, c.change...)
		}
		p, err := Diff(from, to, c.opts)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		replayed := mutate(t, from, p.Up...)
		again, err := Diff(replayed, to, c.opts)
		if err != nil {
			t.Fatalf("%s: second Diff: %v", c.name, err)
		}
		if !again.Empty() {
			t.Errorf("%s: second Diff planned %q", c.name, goStrings(again.Up))
		}
		if back := mutate(t, replayed, p.Down...); schemaDifference(back, from) != "" {
			t.Errorf("%s: Down does not give the old schema: %s", c.name, schemaDifference(back, from))
		}
	}
}

func TestDiffAsksForBackfillOfNotNullColumnsAddedToExistingTables(t *testing.T) {
	from := baseSchema(t)
	to := mutate(t, from,
		op.AddColumn("user", op.Col("language", op.String).NotNull()),
		op.AddColumn("post", op.Col("rank", op.Integer).NotNull()),
		op.AddColumn("post", op.Col("lang", op.String).NotNull().Default("'en'")),
		op.CreateTable("fresh", op.Col("id", op.Integer), op.Col("must", op.Text).NotNull(), op.PrimaryKey("id")),
	)
	_, err := Diff(from, to, Options{})
	var be *BackfillError
	if !errors.As(err, &be) {
		t.Fatalf("Diff error = %v, want a *BackfillError", err)
	}
	if want := []string{"post.rank", "user.language"}; !slices.Equal(be.Columns, want) {
		t.Errorf("BackfillError.Columns = %q, want %q", be.Columns, want)
	}
	if !strings.Contains(err.Error(), "post.rank, user.language") {
		t.Errorf("error %q does not name the columns", err)
	}
	p, err := Diff(from, to, Options{Backfill: map[string]string{"post.rank": "0", "user.language": "'hindi'"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := goStrings(p.Up)[1]; got != `op.AddColumn("post", op.Col("rank", op.Integer).NotNull()).Backfill("0")` {
		t.Errorf("Up[1] = %s", got)
	}
}

func TestDiffRefusesAChangedPrimaryKey(t *testing.T) {
	from := baseSchema(t)
	to := from.Clone()
	to.Table("user").PrimaryKey = []string{"_id", "name"}
	_, err := Diff(from, to, Options{})
	if err == nil || !strings.Contains(err.Error(), `table "user": the primary key changes`) {
		t.Errorf("Diff error = %v, want a primary key error naming the table", err)
	}
}

func TestDiffRejectsInconsistentSchemas(t *testing.T) {
	from := baseSchema(t)
	to := from.Clone()
	to.Table("post").ForeignKeys[0].RefTable = "nobody"
	_, err := Diff(from, to, Options{})
	if err == nil || !strings.Contains(err.Error(), `new schema: table "post": foreign key "post_user_id_fkey" references table "nobody"`) {
		t.Errorf("Diff error = %v", err)
	}
}

func TestDiffRenameHints(t *testing.T) {
	from := baseSchema(t)
	renamed := mutate(t, from, op.RenameColumn("post", "body", "content"))
	cases := []struct {
		name    string
		from    *schema.Schema
		opts    Options
		wantUp  []string
		wantErr string
	}{{
		name:   "a hint already carried out by an earlier migration is ignored",
		from:   renamed,
		opts:   Options{ColumnRenames: map[string]map[string]string{"post": {"content": "body"}}},
		wantUp: nil,
	}, {
		name:    "a hint to a column the new schema lacks is an error",
		from:    from,
		opts:    Options{ColumnRenames: map[string]map[string]string{"post": {"text": "body"}}},
		wantErr: `rename column "body" to "text" in table "post": the new schema has no such column`,
	}, {
		name:    "a hint to a table the new schema lacks is an error",
		from:    from,
		opts:    Options{TableRenames: map[string]string{"article": "post"}},
		wantErr: `rename table "post" to "article": the new schema has no table "article"`,
	}, {
		name:    "two hints from one old column are an error",
		from:    from,
		opts:    Options{ColumnRenames: map[string]map[string]string{"post": {"content": "body", "title": "body"}}},
		wantErr: `column renames in table "post": "body" is renamed twice`,
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Diff(c.from, renamed, c.opts)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("Diff error = %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := goStrings(p.Up); !slices.Equal(got, c.wantUp) {
				t.Errorf("Up = %q, want %q", got, c.wantUp)
			}
		})
	}
}

func TestDiffRenameChainRunsTheVacatingRenameFirst(t *testing.T) {
	from := build(t, op.CreateTable("t", op.Col("a", op.Integer), op.Col("b", op.Text)))
	to := build(t, op.CreateTable("t", op.Col("b", op.Integer), op.Col("c", op.Text)))
	p, err := Diff(from, to, Options{ColumnRenames: map[string]map[string]string{"t": {"b": "a", "c": "b"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`op.RenameColumn("t", "b", "c")`, `op.RenameColumn("t", "a", "b")`}
	if got := goStrings(p.Up); !slices.Equal(got, want) {
		t.Errorf("Up = %q, want %q", got, want)
	}
	_, err = Diff(from, build(t, op.CreateTable("t", op.Col("b", op.Integer), op.Col("a", op.Text))),
		Options{ColumnRenames: map[string]map[string]string{"t": {"b": "a", "a": "b"}}})
	if err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("a swap: Diff error = %v, want a cycle error", err)
	}
}

func TestDiffSuggestsRenamesForLookAlikeDropsAndAdds(t *testing.T) {
	from := baseSchema(t)
	to := mutate(t, from,
		op.DropColumn("post", "body"), op.AddColumn("post", op.Col("content", op.Text)),
		op.AddColumn("post", op.Col("rating", op.Integer)),
		op.CreateTable("person", op.Col("_id", op.String), op.Col("name", op.String), op.Col("active", op.Boolean).Default("true"), op.PrimaryKey("_id")),
		op.DropForeignKey("post", "post_user_id_fkey"),
		op.DropTable("user"),
	)
	p, err := Diff(from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Suggestion{
		{`"post"."body" was dropped and "post"."content" added with the same type: if it is a rename, add matardb:"renamed_from=body"`,
			Rename{Table: "post", From: "body", To: "content"}},
		{`table "user" was dropped and "person" created with the same columns: if it is a rename, give the model a method RenamedFrom() string returning "user"`,
			Rename{From: "user", To: "person"}},
	}
	if !slices.Equal(p.Suggestions, want) {
		t.Errorf("Suggestions:\n%v\nwant:\n%v", p.Suggestions, want)
	}
	if got := p.Suggestions[0].String(); !strings.HasSuffix(got, `"renamed_from=body", or the rename hint post.body=content`) {
		t.Errorf("String = %q, want it to end with the rename hint", got)
	}
}

func TestDiffLeavesItsInputsAlone(t *testing.T) {
	from, to := baseSchema(t), richSchema(t)
	from.Table("post").Columns[3].Default = "(0)"
	fromCopy, toCopy := from.Clone(), to.Clone()
	if _, err := Diff(from, to, Options{TableRenames: map[string]string{"x": "y"}}); err != nil {
		t.Fatal(err)
	}
	if d := rawDifference(from, fromCopy) + rawDifference(to, toCopy); d != "" {
		t.Errorf("Diff changed its input: %s", d)
	}
}

// rawDifference compares two schemas byte for byte through their snapshots.
func rawDifference(a, b *schema.Schema) string {
	ja, _ := schema.MarshalSnapshot(&schema.Snapshot{Schema: *a})
	jb, _ := schema.MarshalSnapshot(&schema.Snapshot{Schema: *b})
	if string(ja) != string(jb) {
		return string(ja) + "\n!=\n" + string(jb)
	}
	return ""
}

func TestDiffReusedIndexNameOfADroppedTableIsFreedFirst(t *testing.T) {
	from := build(t, op.CreateTable("old", op.Col("id", op.Integer), op.PrimaryKey("id"), op.Index("ix_id", "id")))
	to := build(t, op.CreateTable("new", op.Col("id", op.Integer), op.PrimaryKey("id"), op.Index("ix_id", "id")))
	p, err := Diff(from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := goStrings(p.Up)
	if len(got) != 3 || got[0] != `op.DropIndex("old", "ix_id")` || got[2] != `op.DropTable("old")` {
		t.Errorf("Up = %q, want the index dropped before the new table is created", got)
	}
}
