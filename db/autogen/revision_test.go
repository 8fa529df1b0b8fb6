package autogen

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/lineage"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/schema"
)

// The models of the tests, one struct per version of the author table.

type authorV1 struct {
	ID   string `gorm:"column:_id;primaryKey"`
	Name string
}

func (authorV1) TableName() string { return "author" }

type authorWithBio struct {
	ID   string `gorm:"column:_id;primaryKey"`
	Name string
	Bio  string
}

func (authorWithBio) TableName() string { return "author" }

type authorRenamed struct {
	ID       string `gorm:"column:_id;primaryKey"`
	FullName string
}

func (authorRenamed) TableName() string { return "author" }

type authorRenamedByTag struct {
	ID       string `gorm:"column:_id;primaryKey"`
	FullName string `matardb:"renamed_from=name"`
}

func (authorRenamedByTag) TableName() string { return "author" }

type authorWithEmail struct {
	ID    string `gorm:"column:_id;primaryKey"`
	Name  string
	Email string `gorm:"not null"`
}

func (authorWithEmail) TableName() string { return "author" }

type authorWithNickFirst struct {
	ID   string `gorm:"column:_id;primaryKey"`
	Nick string
	Name string
}

func (authorWithNickFirst) TableName() string { return "author" }

// env is a migrations directory with a history of migrations whose
// Migrate does nothing.
type env struct {
	t    *testing.T
	dir  string
	ids  []string
	next int
}

const baseID = "base00000000"

// newEnv makes an empty migrations directory with an empty history.
func newEnv(t *testing.T) *env { return &env{t: t, dir: t.TempDir()} }

// seededEnv makes a directory whose history is one migration, baseID,
// that built the schema of models.
func seededEnv(t *testing.T, models ...any) *env {
	e := newEnv(t)
	parsed, err := gormschema.Read(&pgRead, models...)
	if err != nil {
		t.Fatal(err)
	}
	s := parsed.Schema
	data, err := schema.MarshalSnapshot(&schema.Snapshot{Head: baseID, Schema: *s})
	if err != nil {
		t.Fatal(err)
	}
	e.write(migdir.SnapshotFile, string(data))
	e.ids = []string{baseID}
	return e
}

func (e *env) write(name, content string) {
	e.t.Helper()
	if err := os.WriteFile(filepath.Join(e.dir, name), []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) history() lineage.Chain {
	e.t.Helper()
	var ms []history.Migration
	for i, id := range e.ids {
		m := history.Migration{ID: id, Migrate: func(*gorm.DB) error { return nil }}
		if i > 0 {
			m.Parent = e.ids[i-1]
		}
		ms = append(ms, m)
	}
	h, err := history.New(ms...)
	if err != nil {
		e.t.Fatal(err)
	}
	return h.Chain()
}

// revision runs Revision on the directory with the current history, a
// fixed date and the next predictable ID; a migration it writes joins the
// history.
func (e *env) revision(req RevisionRequest) (*RevisionResult, error) {
	e.next++
	req.Dir, req.History = e.dir, e.history()
	req.GORM.Dialector = pgRead.Dialector
	req.Now = func() time.Time { return day }
	req.ID = func() string { return fmt.Sprintf("%012x", 0xa0+e.next) }
	res, err := Revision(req)
	if err == nil && !res.NoChanges {
		e.ids = append(e.ids, res.ID)
	}
	return res, err
}

func (e *env) mustRevision(req RevisionRequest) *RevisionResult {
	e.t.Helper()
	res, err := e.revision(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

// files returns the directory's files and their contents.
func (e *env) files() map[string]string {
	e.t.Helper()
	entries, err := os.ReadDir(e.dir)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]string{}
	for _, de := range entries {
		data, err := os.ReadFile(filepath.Join(e.dir, de.Name()))
		if err != nil {
			e.t.Fatal(err)
		}
		out[de.Name()] = string(data)
	}
	return out
}

func (e *env) read(path string) string {
	e.t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatal(err)
	}
	return string(data)
}

func mustContain(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
}

func TestRevisionWritesMigrationSnapshotAndSum(t *testing.T) {
	e := newEnv(t)
	res := e.mustRevision(RevisionRequest{Message: "create author table", Autogenerate: true, Models: []any{&authorV1{}}})

	if want := filepath.Join(e.dir, "0000000000a1_create_author_table.go"); res.Path != want {
		t.Fatalf("Path = %s, want %s", res.Path, want)
	}
	src := e.read(res.Path)
	mustContain(t, src, `ID:      "0000000000a1",`, `op.CreateTable("author",`, `op.DropTable("author")`)
	if strings.Contains(src, "Parent:") {
		t.Errorf("the first migration names a parent:\n%s", src)
	}
	if want := []string{`create table "author"`}; !slices.Equal(res.Ops, want) {
		t.Errorf("Ops = %q, want %q", res.Ops, want)
	}

	snap, err := migdir.ReadSnapshot(filepath.Dir(res.SnapshotPath))
	if err != nil {
		t.Fatal(err)
	}
	parsed, _ := gormschema.Read(&pgRead, &authorV1{})
	models := parsed.Schema
	if snap.Head != res.ID || !reflect.DeepEqual(&snap.Schema, models) {
		t.Errorf("snapshot = %+v, want head %s and the models' schema", snap, res.ID)
	}

	sum, err := migdir.ReadSum(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []migdir.Entry{{ID: res.ID, File: filepath.Base(res.Path), Hash: migdir.Hash([]byte(src))}}
	if !reflect.DeepEqual(sum.Entries, want) {
		t.Errorf("sum = %+v, want %+v", sum.Entries, want)
	}
}

func TestRevisionRightAfterARevisionFindsNoChanges(t *testing.T) {
	e := newEnv(t)
	models := []any{&authorWithBio{}}
	e.mustRevision(RevisionRequest{Message: "create author table", Autogenerate: true, Models: models})
	before := e.files()

	res := e.mustRevision(RevisionRequest{Message: "again", Autogenerate: true, Models: models})
	if !res.NoChanges || res.Path != "" {
		t.Fatalf("second revision = %+v, want NoChanges", res)
	}
	if after := e.files(); !reflect.DeepEqual(after, before) {
		t.Fatalf("a revision with no changes wrote files: %v", slices.Sorted(maps.Keys(after)))
	}
}

func TestRevisionChainsOntoTheHistoryHead(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	res := e.mustRevision(RevisionRequest{Message: "add bio", Autogenerate: true, Models: []any{&authorWithBio{}}})
	mustContain(t, e.read(res.Path), `Parent:  "`+baseID+`",`, `op.AddColumn("author", op.Col("bio", op.Text))`,
		`op.DropColumn("author", "bio")`)
}

func TestRevisionSnapshotIsWhatTheMigrationBuildsNotTheModelOrder(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	res := e.mustRevision(RevisionRequest{Message: "add nick", Autogenerate: true, Models: []any{&authorWithNickFirst{}}})
	snap, err := migdir.ReadSnapshot(filepath.Dir(res.SnapshotPath))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range snap.Schema.Table("author").Columns {
		got = append(got, c.Name)
	}
	if want := []string{"_id", "name", "nick"}; !slices.Equal(got, want) {
		t.Fatalf("snapshot columns = %q, want %q: AddColumn appends", got, want)
	}
	if res := e.mustRevision(RevisionRequest{Message: "again", Autogenerate: true, Models: []any{&authorWithNickFirst{}}}); !res.NoChanges {
		t.Fatalf("column order read as a change: %q", res.Ops)
	}
}

func TestRevisionRefusesDataLossAndWritesNothing(t *testing.T) {
	e := seededEnv(t, &authorWithBio{})
	before := e.files()
	_, err := e.revision(RevisionRequest{Message: "drop bio", Autogenerate: true, Models: []any{&authorV1{}}})

	var loss *DataLossError
	if !errors.As(err, &loss) || !errors.Is(err, ErrDataLoss) {
		t.Fatalf("err = %v, want a DataLossError", err)
	}
	if want := []string{`drop column "author"."bio"`}; !slices.Equal(loss.Ops, want) {
		t.Errorf("Ops = %q, want %q", loss.Ops, want)
	}
	mustContain(t, err.Error(), "loses data", "rename hint", "renamed_from")
	if after := e.files(); !reflect.DeepEqual(after, before) {
		t.Fatalf("a refused revision wrote files")
	}
}

func TestRevisionWithAllowDataLossWritesWarnings(t *testing.T) {
	e := seededEnv(t, &authorWithBio{})
	res := e.mustRevision(RevisionRequest{Message: "drop bio", Autogenerate: true, Models: []any{&authorV1{}}, AllowDataLoss: true})
	if want := []string{`WARNING: drop column "author"."bio"`}; !slices.Equal(res.Ops, want) {
		t.Errorf("Ops = %q, want %q", res.Ops, want)
	}
	mustContain(t, e.read(res.Path),
		`// WARNING: data loss — drops column "author"."bio" and its values.`+"\n\t\t\t\top.DropColumn(\"author\", \"bio\"),")
}

func TestRevisionRenameFlagTurnsDropAndAddIntoRename(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	res := e.mustRevision(RevisionRequest{Message: "rename name", Autogenerate: true,
		Models: []any{&authorRenamed{}}, Renames: []Rename{{Table: "author", From: "name", To: "full_name"}}})
	src := e.read(res.Path)
	mustContain(t, src, `op.RenameColumn("author", "name", "full_name")`, `op.RenameColumn("author", "full_name", "name")`)
	if strings.Contains(src, "DropColumn") || strings.Contains(src, "AddColumn") {
		t.Errorf("a rename was written as drop and add:\n%s", src)
	}
}

func TestRevisionRenameTagTurnsDropAndAddIntoRename(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	res := e.mustRevision(RevisionRequest{Message: "rename name", Autogenerate: true, Models: []any{&authorRenamedByTag{}}})
	if want := []string{`rename column "author"."name" to "full_name"`}; !slices.Equal(res.Ops, want) {
		t.Errorf("Ops = %q, want %q", res.Ops, want)
	}
}

func TestParseRenameRejectsAMalformedRename(t *testing.T) {
	for _, bad := range []string{"author.name", "=x", "a.b.c=d", "a.b=c.d", ".b=c"} {
		_, err := ParseRename(bad)
		if !errors.Is(err, ErrBadRename) || !strings.Contains(err.Error(), "TABLE.OLD=NEW") {
			t.Errorf("ParseRename(%q) = %v, want the rename syntax", bad, err)
		}
	}
}

func TestParseRenameReadsColumnsAndTables(t *testing.T) {
	for in, want := range map[string]Rename{
		"author.name=full_name": {Table: "author", From: "name", To: "full_name"},
		"writer=author":         {From: "writer", To: "author"},
	} {
		if got, err := ParseRename(in); err != nil || got != want {
			t.Errorf("ParseRename(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
}

func TestRevisionWithoutBackfillValueReturnsBackfillError(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	before := e.files()
	_, err := e.revision(RevisionRequest{Message: "add email", Autogenerate: true, Models: []any{&authorWithEmail{}}})
	var bf *BackfillError
	if !errors.As(err, &bf) || !slices.Equal(bf.Columns, []string{"author.email"}) {
		t.Fatalf("err = %v, want a BackfillError for author.email", err)
	}
	if !reflect.DeepEqual(e.files(), before) {
		t.Fatal("a failed revision wrote files")
	}
}

func TestRevisionAsksForBackfillAndWritesIt(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	var asked []string
	res := e.mustRevision(RevisionRequest{Message: "add email", Autogenerate: true, Models: []any{&authorWithEmail{}},
		AskBackfill: func(column string) (string, error) {
			asked = append(asked, column)
			return "'nobody@example.com'", nil
		}})
	if !slices.Equal(asked, []string{"author.email"}) {
		t.Fatalf("asked for %q, want author.email", asked)
	}
	// A constant backfill on an existing table becomes a default for the
	// moment of the ADD COLUMN, which PostgreSQL stores without a rewrite.
	src := e.read(res.Path)
	mustContain(t, src, `.NotNull().Default("'nobody@example.com'")`)
	mustContain(t, src, `op.AlterColumn("author", "email").DropDefault()`)
}

func TestRevisionTakesBackfillFromDefaults(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	res := e.mustRevision(RevisionRequest{Message: "add email", Autogenerate: true, Models: []any{&authorWithEmail{}},
		Defaults: map[string]string{"author.email": "''"}, NoSafePlans: true})
	mustContain(t, e.read(res.Path), `.Backfill("''")`)
}

func TestRevisionNeverOverwritesAMigrationFile(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	existing := "package migrations\n\n// Written by hand.\n"
	e.write("0000000000a1_add_bio.go", existing)
	before := e.files()
	_, err := e.revision(RevisionRequest{Message: "add bio", Autogenerate: true, Models: []any{&authorWithBio{}}})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("err = %v, want the file to exist already", err)
	}
	if !reflect.DeepEqual(e.files(), before) {
		t.Fatal("the refused revision changed files")
	}
}

func TestRevisionRefusesASnapshotBehindTheHistory(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	e.ids = append(e.ids, "0000000000ff")
	_, err := e.revision(RevisionRequest{Message: "add bio", Autogenerate: true, Models: []any{&authorWithBio{}}})
	var head *SnapshotHeadError
	if !errors.As(err, &head) || !errors.Is(err, ErrSnapshotHead) || !slices.Equal(head.Missing, []string{"0000000000ff"}) {
		t.Fatalf("err = %v, want a SnapshotHeadError missing 0000000000ff", err)
	}
	mustContain(t, err.Error(), baseID, "0000000000ff", "autogenerate your migration again")
}

func TestRevisionRefusesASnapshotFromAnotherBranch(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	e.ids = []string{"0000000000ee"}
	_, err := e.revision(RevisionRequest{Message: "add bio", Autogenerate: true, Models: []any{&authorWithBio{}}})
	var head *SnapshotHeadError
	if !errors.As(err, &head) || !head.Unknown {
		t.Fatalf("err = %v, want a SnapshotHeadError for an unknown head", err)
	}
}

func TestEmptyRevisionKeepsTheSchemaAndMovesTheHead(t *testing.T) {
	e := seededEnv(t, &authorV1{})
	res := e.mustRevision(RevisionRequest{Message: "fix author names"})
	mustContain(t, e.read(res.Path), "return nil", `Parent:  "`+baseID+`",`)
	snap, err := migdir.ReadSnapshot(filepath.Dir(res.SnapshotPath))
	if err != nil {
		t.Fatal(err)
	}
	parsed, _ := gormschema.Read(&pgRead, &authorV1{})
	models := parsed.Schema
	if snap.Head != res.ID || !reflect.DeepEqual(&snap.Schema, models) {
		t.Fatalf("snapshot = %+v, want the old schema at head %s", snap, res.ID)
	}
	if len(res.Ops) != 0 {
		t.Fatalf("Ops = %q, want none", res.Ops)
	}
}

func TestRevisionNeedsAMessage(t *testing.T) {
	e := newEnv(t)
	if _, err := e.revision(RevisionRequest{Message: "  "}); err == nil {
		t.Fatal("a revision without a message was accepted")
	}
}

// TestGeneratedMigrationCompiles builds the generated files, with the
// matardb packages they import, in a module of their own.
func TestGeneratedMigrationCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	e := seededEnv(t, &authorV1{})
	e.mustRevision(RevisionRequest{Message: "add email", Autogenerate: true, Models: []any{&authorWithEmail{}},
		Defaults: map[string]string{"author.email": "''"}})
	e.mustRevision(RevisionRequest{Message: "drop email", Autogenerate: true, Models: []any{&authorV1{}}, AllowDataLoss: true})
	e.mustRevision(RevisionRequest{Message: "by hand"})

	root := repoRoot(t)
	mod := t.TempDir()
	pkg := filepath.Join(mod, "migrations")
	if err := os.CopyFS(pkg, os.DirFS(e.dir)); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(pkg, "register.go"),
		"package migrations\n\nimport \"github.com/matar-app/matardb/db/history\"\n\n"+
			"var registered []history.Migration\n\nfunc register(m history.Migration) { registered = append(registered, m) }\n")
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gomod = []byte(strings.Replace(string(gomod), "module github.com/matar-app/matardb", "module scratch", 1) +
		"\nrequire github.com/matar-app/matardb v0.0.0\n\nreplace github.com/matar-app/matardb => " + root + "\n")
	writeFile(t, filepath.Join(mod, "go.mod"), string(gomod))
	gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(mod, "go.sum"), string(gosum))

	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the generated migrations do not compile: %v\n%s", err, out)
	}
}

// repoRoot is the directory of the module this package belongs to.
func repoRoot(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot find this test's source file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
