package autogen

import (
	"bytes"
	"errors"
	"flag"
	"github.com/matar-app/matardb/db/migdir"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var day = time.Date(2023, 4, 28, 15, 4, 5, 0, time.UTC)

// tableOf builds a schema table the way a migration would create it.
func tableOf(name string, items ...op.TableItem) *schema.Table {
	t := op.CreateTable(name, items...).Table
	return &t
}

func schemaOf(tables ...*schema.Table) *schema.Schema {
	s := &schema.Schema{Tables: tables}
	s.Sort()
	return s
}

// checkGolden compares got with testdata/golden/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./db/autogen -run Golden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from the golden file (run with -update if the change is intended):\n%s", name, got)
	}
}

func seedUser() *schema.Table {
	return tableOf("user",
		op.Col("_id", op.String).NotNull(),
		op.Col("name", op.String),
		op.PrimaryKey("_id"),
	)
}

func TestGoldenCreateTable(t *testing.T) {
	category := tableOf("category", op.Col("_id", op.String).NotNull(), op.PrimaryKey("_id"))
	before := schemaOf(seedUser(), category)
	got, err := Render(File{
		ID: "4640e9af0234", Parent: "29edbf20051e", Message: "create organization table", Date: day,
		Before: before,
		Up: []op.Op{
			op.CreateTable("organization",
				op.Col("_id", op.String).NotNull(),
				op.Col("title", op.VarChar(200)).NotNull().Comment("shown to members"),
				op.Col("sort_order", op.Integer).Default("0"),
				op.Col("created_at", op.Timestamp),
				op.PrimaryKey("_id"),
				op.UniqueIndex("organization_title_key", "title"),
			),
			op.AddColumn("category", op.Col("organization_id", op.String)),
			op.AddForeignKey("category", op.ForeignKey("category_organization_id_fkey", "organization_id").
				References("organization", "_id").OnDelete("CASCADE")),
		},
		Down: []op.Op{
			op.DropForeignKey("category", "category_organization_id_fkey"),
			op.DropColumn("category", "organization_id"),
			op.DropTable("organization"),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "create_table.go.golden", got)
	// Finding 6: the rollback drops what was written into the new table and
	// column since the upgrade; each such step is marked.
	if n := strings.Count(string(got), "// WARNING: data loss"); n != 2 {
		t.Errorf("%d WARNING comments on a rollback that drops a table and a column, want 2", n)
	}
}

func TestGoldenAlterAndDropMarksDataLoss(t *testing.T) {
	post := tableOf("post",
		op.Col("_id", op.String).NotNull(),
		op.Col("title", op.VarChar(200)),
		op.Col("body", op.Text),
		op.Col("slug", op.VarChar(50)),
		op.PrimaryKey("_id"),
	)
	legacy := tableOf("legacy", op.Col("id", op.Integer).NotNull(), op.PrimaryKey("id"))
	got, err := Render(File{
		ID: "9b1c2d3e4f50", Parent: "01ea0e75088a", Message: "Trim posts: drop body, shorter titles!", Date: day,
		Before: schemaOf(post, legacy),
		Up: []op.Op{
			op.DropTable("legacy"),
			op.DropColumn("post", "body"),
			op.AlterColumn("post", "slug").SetType(op.Text),
			op.AlterColumn("post", "title").SetType(op.VarChar(100)).SetNotNull(true),
			op.AddColumn("post", op.Col("status", op.String).NotNull()).Backfill("'draft'"),
		},
		Down: []op.Op{
			op.DropColumn("post", "status"),
			op.AlterColumn("post", "title").SetType(op.VarChar(200)).SetNotNull(false),
			op.AlterColumn("post", "slug").SetType(op.VarChar(50)),
			op.AddColumn("post", op.Col("body", op.Text)),
			op.CreateTable("legacy", op.Col("id", op.Integer).NotNull(), op.PrimaryKey("id")),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "alter_drop.go.golden", got)
	src := string(got)
	for _, want := range []string{
		`// WARNING: data loss — drops table "legacy" and all its rows.`,
		`// WARNING: data loss — drops column "post"."body" and its values.`,
		`// WARNING: data loss — changes column "post"."title" from string(200) to string(100): values that do not fit are cut or make it fail.`,
		`// WARNING: data loss — changes column "post"."slug" from text to string(50):`,
		"It drops data: see the WARNING comments.",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("missing %q", want)
		}
	}
	if n := strings.Count(src, "WARNING: data loss"); n != 5 {
		t.Errorf("%d WARNING comments, want 5 (3 up; in the rollback, a narrowing and a dropped column)", n)
	}
}

func TestGoldenEmptyRevision(t *testing.T) {
	got, err := RenderEmpty(File{ID: "5d6e7f8a9b0c", Parent: "01ea0e75088a", Message: "backfill post slugs", Date: day})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "empty.go.golden", got)
}

func TestRenderedFilesParseAndNameNoModels(t *testing.T) {
	for _, name := range []string{"create_table.go.golden", "alter_drop.go.golden", "empty.go.golden"} {
		src, err := os.ReadFile(filepath.Join("testdata", "golden", name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, imp := range f.Imports {
			if strings.Contains(imp.Path.Value, "/models") {
				t.Errorf("%s imports %s", name, imp.Path.Value)
			}
		}
	}
}

func TestRenderOmitsParentOfTheFirstMigration(t *testing.T) {
	got, err := Render(File{ID: "29edbf20051e", Message: "initial schema",
		Up: []op.Op{op.CreateTable("user", op.Col("_id", op.String).NotNull(), op.PrimaryKey("_id"))}, Down: []op.Op{op.DropTable("user")}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "Parent:") {
		t.Fatalf("first migration names a parent:\n%s", got)
	}
}

func TestRenderRefusesAStepThatDoesNotFitItsSchema(t *testing.T) {
	_, err := Render(File{ID: "aaaaaaaaaaaa", Message: "bad", Up: []op.Op{op.DropColumn("post", "body")}})
	if err == nil || !strings.Contains(err.Error(), "post") {
		t.Fatalf("Render = %v, want an error naming the table", err)
	}
}

func TestRenderErrorCarriesTheUnformattedSource(t *testing.T) {
	_, err := gofmt("aaaaaaaaaaaa", []byte("package migrations\nfunc {"))
	var re *RenderError
	if !errors.As(err, &re) || !bytes.Contains(re.Source, []byte("func {")) || !strings.Contains(err.Error(), "bug") {
		t.Fatalf("err = %v, want a RenderError with the source", err)
	}
}

func TestSlug(t *testing.T) {
	cases := map[string]string{
		"create organization table":             "create_organization_table",
		"Add organization_id to post_activity!": "add_organization_id_to_post_activity",
		"  --weird   spacing-- ":                "weird_spacing",
		"!!!":                                   "migration",
		"a very long message that goes on and on past forty": "a_very_long_message_that_goes_on_and_on",
		"add the organization columns the seed model has":    "add_the_organization_columns_the_seed",
		"supercalifragilisticexpialidociousandthensomemore":  "supercalifragilisticexpialidociousandthe",
	}
	for in, want := range cases {
		if got := migdir.Slug(in); got != want {
			t.Errorf("migdir.Slug(%q) = %q, want %q", in, got, want)
		}
		if len(migdir.Slug(in)) > 40 {
			t.Errorf("migdir.Slug(%q) is longer than 40", in)
		}
	}
}

func TestNewIDIsTwelveHexDigits(t *testing.T) {
	a, b := migdir.NewID(), migdir.NewID()
	if len(a) != 12 || migdir.CheckID(a) != nil || a == b {
		t.Fatalf("NewID = %q, %q", a, b)
	}
}
