package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/replay"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testfs"
	"github.com/matar-app/matardb/migrations"
	"github.com/matar-app/matardb/models"
)

// copyMigrations copies the repository's migrations directory (sources,
// sum file and snapshot) to a temporary directory and returns its path.
func copyMigrations(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	testfs.CopyDir(t, filepath.Join(repoRoot, "migrations"), dir)
	return dir
}

// scratchMigrations copies the migrations directory: the compiled-in
// history and the models agree on it.
func scratchMigrations(t *testing.T, change op.Op) string {
	t.Helper()
	if change != nil {
		t.Fatal("scratchMigrations takes no change; use changedHistory")
	}
	return copyMigrations(t)
}

// changed is a migrations directory whose history is Matar's plus one
// migration making a change, and a project over it: the history and
// Matar's models then differ by the reverse of the change.
type changed struct {
	dir     string
	project Project
}

// changedHistory copies the migrations directory and adds a migration
// (file, sum line and snapshot) that applies changes.
func changedHistory(t *testing.T, changes ...op.Op) *changed {
	t.Helper()
	dir := copyMigrations(t)
	base := migrations.Registered()
	h0, err := history.New(base...)
	if err != nil {
		t.Fatal(err)
	}
	const id = "ffffffffffff"
	extra := history.Migration{ID: id, Parent: h0.Head(), Message: "a change the models do not have",
		Migrate: func(tx *gorm.DB) error { return op.Apply(tx, changes...) }}
	src := fmt.Sprintf("package migrations\n\nfunc init() {\n\tregister(history.Migration{ID: %q, Parent: %q})\n}\n", id, h0.Head())
	if err := os.WriteFile(filepath.Join(dir, id+"_change.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := history.New(append(base, extra)...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := replay.Run(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migdir.WriteSnapshot(dir, &schema.Snapshot{Head: id, Schema: *res.Schema}); err != nil {
		t.Fatal(err)
	}
	sum, err := migdir.Compute(dir, h.Chain())
	if err == nil {
		err = migdir.WriteSum(dir, sum)
	}
	if err != nil {
		t.Fatal(err)
	}
	return &changed{dir: dir, project: Project{Name: "matardb", Models: models.All(),
		History: func() (*history.History, error) { return h, nil }}}
}

// run runs the command line of c's project in-process.
func (c *changed) run(t *testing.T, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), c.project, args, strings.NewReader(""), &stdout, &stderr,
		func(string) string { return "" })
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// dirState is the names and contents of a directory's files.
func dirState(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	state := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		state[e.Name()] = data
	}
	return state
}

// wantUnchanged fails t if dir's files differ from before.
func wantUnchanged(t *testing.T, dir string, before map[string][]byte) {
	t.Helper()
	after := dirState(t, dir)
	for name, data := range after {
		if old, ok := before[name]; !ok || !bytes.Equal(old, data) {
			t.Errorf("%s was written", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("files were removed: %d before, %d after", len(before), len(after))
	}
}

func TestRevisionWithNothingToDoPrintsNoChangesAndWritesNothing(t *testing.T) {
	dir := scratchMigrations(t, nil)
	before := dirState(t, dir)
	r := matardb(t, "revision", "-m", "nothing", "--autogenerate", "--dir", dir)
	wantExit(t, r, exitOK)
	if r.stdout != "No changes detected\n" {
		t.Errorf("stdout = %q, want No changes detected", r.stdout)
	}
	wantUnchanged(t, dir, before)
	r = matardb(t, "check", "--dir", dir)
	wantExit(t, r, exitOK)
	wantContains(t, "check stdout", r.stdout, "agree")
}

func TestRevisionWritesTheMigrationAndPrintsItsPathAndOperations(t *testing.T) {
	c := changedHistory(t, op.DropColumn("organization", "code"))
	dir := c.dir
	r := c.run(t, "check", "--dir", dir)
	wantExit(t, r, exitFail)
	wantContains(t, "check stderr", r.stderr, "do not agree", `add column "organization"."code"`)

	oldSnapshot, _ := os.ReadFile(filepath.Join(dir, "schema.json"))
	r = c.run(t, "revision", "-m", "Add code", "--autogenerate", "--dir", dir)
	wantExit(t, r, exitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	path := lines[0]
	if filepath.Dir(path) != dir || !strings.HasSuffix(path, "_add_code.go") {
		t.Fatalf("the first line should be the new file's path in %s, got %q", dir, path)
	}
	if !slices.ContainsFunc(lines[1:], func(l string) bool { return strings.Contains(l, `add column "organization"."code"`) }) {
		t.Errorf("no line for the operation:\n%s", r.stdout)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, path, string(src), `op.AddColumn("organization", op.Col("code", op.String))`, `op.DropColumn("organization", "code")`)
	id, _, _ := strings.Cut(filepath.Base(path), "_")
	sum, _ := os.ReadFile(filepath.Join(dir, "matardb.sum"))
	wantContains(t, "matardb.sum", string(sum), id+" "+filepath.Base(path))
	if snap, _ := os.ReadFile(filepath.Join(dir, "schema.json")); bytes.Equal(snap, oldSnapshot) {
		t.Error("the snapshot was not updated")
	}
}

func TestRevisionRefusesDataLossUnlessAllowed(t *testing.T) {
	c := changedHistory(t, op.AddColumn("post", op.Col("legacy_title", op.String)))
	dir := c.dir
	before := dirState(t, dir)
	r := c.run(t, "revision", "-m", "drop legacy", "--autogenerate", "--dir", dir)
	wantExit(t, r, exitFail)
	wantContains(t, "stderr", r.stderr, `drop column "post"."legacy_title"`, "--allow-data-loss", "--rename TABLE.OLD=NEW")
	if r.stdout != "" {
		t.Errorf("stdout should be empty, got %q", r.stdout)
	}
	wantUnchanged(t, dir, before)

	r = c.run(t, "revision", "-m", "drop legacy", "--autogenerate", "--allow-data-loss", "--dir", dir)
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, `WARNING: drop column "post"."legacy_title"`)
}

func TestRevisionSuggestsARenameAndMakesOneWhenTold(t *testing.T) {
	c := changedHistory(t, op.RenameColumn("post", "title", "headline"))
	dir := c.dir
	r := c.run(t, "revision", "-m", "rename", "--autogenerate", "--dir", dir)
	wantExit(t, r, exitFail)
	wantContains(t, "stderr", r.stderr, `drop column "post"."headline"`, "--rename post.headline=title")

	r = c.run(t, "revision", "-m", "rename", "--autogenerate", "--rename", "post.headline=title", "--dir", dir)
	wantExit(t, r, exitOK)
	if strings.Contains(r.stdout, "WARNING") {
		t.Errorf("a rename should lose nothing:\n%s", r.stdout)
	}
	path, _, _ := strings.Cut(r.stdout, "\n")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, path, string(src), `op.RenameColumn("post", "headline", "title")`)
}

func TestRevisionAsksForDefaultFlagsForANewNotNullColumnWithoutATerminal(t *testing.T) {
	c := changedHistory(t, op.DropColumn("organization", "is_active"))
	dir := c.dir
	before := dirState(t, dir)
	r := c.run(t, "revision", "-m", "active", "--autogenerate", "--dir", dir)
	wantExit(t, r, exitFail)
	wantContains(t, "stderr", r.stderr, "organization.is_active", "--default organization.is_active=VALUE")
	wantUnchanged(t, dir, before)

	r = c.run(t, "revision", "-m", "active", "--autogenerate", "--default", "organization.is_active=true", "--dir", dir)
	wantExit(t, r, exitOK)
	path, _, _ := strings.Cut(r.stdout, "\n")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// organization exists: the constant fills it as a momentary default (the safe plan).
	wantContains(t, path, string(src), `NotNull().Default("true")`, `op.AlterColumn("organization", "is_active").DropDefault()`)
}

func TestRevisionWithoutAutogenerateWritesAnEmptyMigrationAfterTheHead(t *testing.T) {
	dir := scratchMigrations(t, nil)
	r := matardb(t, "revision", "-m", "Fix phone numbers", "--dir", dir)
	wantExit(t, r, exitOK)
	path := strings.TrimSpace(r.stdout)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("revision printed %q: %v", path, err)
	}
	wantContains(t, path, string(src), `Parent:  "`+theHistory(t).Head()+`"`, `Message: "Fix phone numbers"`)
}

func TestRevisionAndCheckRefuseASnapshotNotAtTheHistorysHead(t *testing.T) {
	dir := scratchMigrations(t, nil)
	snap, err := migdir.ReadSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	snap.Head = "feedfacecafe"
	data, _ := schema.MarshalSnapshot(snap)
	os.WriteFile(filepath.Join(dir, "schema.json"), data, 0o644)
	for _, args := range [][]string{{"check", "--dir", dir}, {"revision", "-m", "x", "--autogenerate", "--dir", dir}} {
		r := matardb(t, args...)
		wantExit(t, r, exitFail)
		wantContains(t, strings.Join(args, " "), r.stderr, "feedfacecafe")
	}
}

func TestCheckFailsWhenACommittedMigrationWasEdited(t *testing.T) {
	dir := scratchMigrations(t, nil)
	first := filepath.Join(dir, theHistory(t).At(0).ID+"_initial_schema.go")
	src, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(first, append(src, "\n// edited\n"...), 0o644)
	r := matardb(t, "check", "--dir", dir)
	wantExit(t, r, exitFail)
	wantContains(t, "stderr", r.stderr, theHistory(t).At(0).ID)
}

func TestAskBackfillPromptsOnStderrAndReadsTheAnswer(t *testing.T) {
	var stderr bytes.Buffer
	e := &env{stdin: strings.NewReader("'hindi'\n15\n"), stderr: &stderr}
	ask := askBackfill(e)
	for _, want := range []string{"'hindi'", "15"} {
		got, err := ask("organization.language")
		if err != nil || got != want {
			t.Errorf("ask = %q, %v; want %q", got, err, want)
		}
	}
	wantContains(t, "prompt", stderr.String(), "NOT NULL column organization.language (new, or made NOT NULL)", "rows already in organization")
	if _, err := ask("organization.code"); err == nil {
		t.Error("ask at the end of input should fail, not return an empty value")
	}
}

func TestIsTerminalIsFalseForPipesAndTheNullDevice(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for _, f := range []any{null, r, strings.NewReader("")} {
		if isTerminal(f) {
			t.Errorf("isTerminal(%T) = true", f)
		}
	}
}

func TestCheckPassesOnTheRepository(t *testing.T) {
	r := matardb(t, "check")
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, "agree")
}

func TestRevisionOnACopyOfTheRepositorysMigrationsDetectsNoChanges(t *testing.T) {
	dir := copyMigrations(t)
	before := dirState(t, dir)
	r := matardb(t, "revision", "-m", "nothing", "--autogenerate", "--dir", dir)
	wantExit(t, r, exitOK)
	if r.stdout != "No changes detected\n" {
		t.Errorf("stdout = %q, want No changes detected", r.stdout)
	}
	wantUnchanged(t, dir, before)
}
