package e2e

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
)

// The autogenerator's round trip, through the real command line and real
// databases. In a scratch copy of the module:
//
//  1. the models become testdata/old (the repository's tables plus what the
//     next step changes) and `matardb revision --autogenerate` writes their
//     migration on top of the real history;
//  2. the models become testdata/new, which changes the old ones in every
//     way the autogenerator detects (see that file), and the command writes
//     the migration under test;
//  3. the module is compiled, the command is asked again (it must say "No
//     changes detected") and `matardb check` must pass;
//  4. testdata/roundtrip, compiled into the module as cmd/roundtrip, takes a
//     database to the old side, fills it with seedRows, applies the new
//     migration, rolls it back, and prints the catalog and rows at each
//     step with the schemas of both sets of models.
//
// The test then wants the catalog to equal the old models before the
// upgrade and after the rollback and the new models after the upgrade, and
// every value of the old rows, in columns kept or renamed, to be there
// after the upgrade and again after the rollback, on PostgreSQL and SQLite.
func TestAGeneratedMigrationBuildsTheNewModelsRollsBackToTheOldAndKeepsRows(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: compiles a copy of the module three times")
	}
	s := newScratch(t)
	s.put(t, "old/models.go", "models/models.go")
	s.put(t, "old/models.go", "cmd/roundtrip/oldmodels/models.go")
	s.put(t, "roundtrip/main.go", "cmd/roundtrip/main.go")
	s.build(t)
	// --allow-data-loss lets the old side stay what testdata/old says when
	// the repository's models move on.
	s.matardb(t, "revision", "-m", "prepare the old side", "--autogenerate", "--allow-data-loss")

	s.put(t, "new/models.go", "models/models.go")
	s.build(t)
	out := s.matardb(t, "revision", "-m", "change every kind of thing", "--autogenerate",
		"--allow-data-loss", "--default", "post.score=0", "--default", "user.language='english'")
	wantGenerated(t, s, out)
	// The reviewer accepts what lint finds in it: these models rename, drop
	// and retype on purpose, which check would otherwise refuse.
	acknowledge(t, filepath.Join(s.dir, strings.SplitN(out, "\n", 2)[0]), "MDB107", "MDB109", "MDB110")
	s.matardb(t, "hash")

	s.build(t)
	if out := s.matardb(t, "revision", "-m", "again", "--autogenerate"); out != "No changes detected\n" {
		t.Errorf("regenerating right after generating printed\n%s\nwant No changes detected", out)
	}
	s.matardb(t, "check")

	t.Run("postgres", func(t *testing.T) {
		judge(t, s.roundTrip(t, testdb.PostgresURL(t)), dialect.Postgres)
	})
	t.Run("sqlite", func(t *testing.T) {
		judge(t, s.roundTrip(t, "sqlite:"+filepath.Join(t.TempDir(), "roundtrip.db")), dialect.SQLite)
	})
}

// wantGenerated checks what revision printed for the migration under test:
// the renames made as renames, and exactly the data-losing operations
// flagged, in the output and in the file.
func wantGenerated(t *testing.T, s *scratch, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, want := range []string{
		`rename table "category" to "topic"`,
		`rename column "topic"."sort_order" to "position"`,
		`rename column "user"."phone" to "phone_number"`,
		`rename column "post"."duration" to "length_seconds"`,
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("revision did not print %q:\n%s", want, out)
		}
	}
	var warnings []string
	for _, l := range lines {
		if strings.HasPrefix(l, "WARNING: ") {
			warnings = append(warnings, l)
		}
	}
	wantWarnings := []string{
		`WARNING: alter column "organization"."title": type string(120)`,
		`WARNING: drop table "post_activity"`,
		`WARNING: drop column "organization"."code"`,
	}
	if !slices.Equal(warnings, wantWarnings) {
		t.Errorf("WARNING lines\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(wantWarnings, "\n"))
	}
	src, err := os.ReadFile(filepath.Join(s.dir, lines[0]))
	if err != nil {
		t.Fatalf("revision's first line should be the file it wrote: %v", err)
	}
	if n := strings.Count(string(src), "// WARNING: data loss"); n < len(wantWarnings) {
		t.Errorf("the migration marks %d operations with // WARNING: data loss, want at least %d:\n%s", n, len(wantWarnings), src)
	}
}

// seedRows fill every table of the old side, using every column of
// organization and values each column type must keep exactly.
var seedRows = []string{
	`INSERT INTO organization (_id, created_at, title, sort_order, language, is_chatgpt_enabled, max_post_duration, org_type, is_active, description, code, rating, slug, tier)
		VALUES ('org-1', '2024-01-02 03:04:05', 'Matar', 1, 'hindi', true, 15, 0, true, 'the first', 'MTR', 12.5, 'matar', 3)`,
	`INSERT INTO organization (_id, title, language, is_chatgpt_enabled, max_post_duration, org_type, is_active)
		VALUES ('org-2', 'Other', 'english', false, 30, 1, false)`,
	`INSERT INTO "user" (_id, name, phone, language, is_active, roles) VALUES ('u-1', 'Asha', '+91 98', 'hindi', true, '["admin"]')`,
	`INSERT INTO "user" (_id, name, phone, language, is_active, status) VALUES ('u-2', 'Ravi', '+91 99', 'english', false, 'away')`,
	`INSERT INTO "user" (_id, language) VALUES ('u-3', 'hindi')`,
	`INSERT INTO category (_id, title, sort_order, organization_id) VALUES ('c-1', 'News', 2, 'org-1')`,
	`INSERT INTO category (_id, title) VALUES ('c-2', 'Sport')`,
	`INSERT INTO post (_id, user_id, category_id, title, media_url, duration, language, organization_id)
		VALUES ('p-1', 'u-1', 'c-1', 'Hello', 'https://m/1.mp4', 12, 'hindi', 'org-1')`,
	`INSERT INTO post (_id, user_id, title, duration, language) VALUES ('p-2', 'u-2', 'Bye', 0, 'english')`,
	`INSERT INTO post_activity (_id, post_id, user_id, activity_type) VALUES ('a-1', 'p-1', 'u-1', 'like')`,
}

// report is what cmd/roundtrip prints (see testdata/roundtrip).
type report struct {
	OldModels *schema.Schema `json:"old_models"`
	NewModels *schema.Schema `json:"new_models"`
	Before    state          `json:"before"`
	Head      state          `json:"head"`
	Back      state          `json:"back"`
}

// state is a catalog and its rows: table → rows by _id → column → value
// as text, nil for NULL.
type state struct {
	Catalog *schema.Schema  `json:"catalog"`
	Rows    map[string]rows `json:"rows"`
}

type rows []map[string]*string

// roundTrip runs cmd/roundtrip on the database at url.
func (s *scratch) roundTrip(t *testing.T, url string) *report {
	t.Helper()
	seed := filepath.Join(t.TempDir(), "seed.sql")
	var b strings.Builder
	for _, stmt := range seedRows {
		b.WriteString(strings.Join(strings.Fields(stmt), " ") + "\n")
	}
	if err := os.WriteFile(seed, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := s.mustRun(t, s.bin("roundtrip"), "-url", url, "-seed", seed)
	var r report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("read the round trip's report: %v\n%s", err, out)
	}
	return &r
}

// judge checks the catalogs and rows of a round trip.
func judge(t *testing.T, r *report, d dialect.Dialect) {
	sameSchema(t, "before the upgrade", r.Before.Catalog, r.OldModels, d)
	sameSchema(t, "after the upgrade", r.Head.Catalog, r.NewModels, d)
	sameSchema(t, "after the rollback", r.Back.Catalog, r.OldModels, d)

	keptRows(t, "the upgrade", r.Before.Rows, r.Head.Rows,
		map[string]string{"category": "topic", "post_activity": ""},
		map[string]string{"category.sort_order": "position", "user.phone": "phone_number",
			"post.duration": "length_seconds", "organization.code": ""})
	keptRows(t, "the rollback", r.Before.Rows, r.Back.Rows,
		map[string]string{"post_activity": ""}, map[string]string{"organization.code": ""})

	newColumn(t, r.Head.Rows, "post", "score", "the backfill 0", func(v *string) bool { return v != nil && *v == "0" })
	newColumn(t, r.Head.Rows, "post", "published_at", "the default, the time of the upgrade", func(v *string) bool { return v != nil })
	newColumn(t, r.Head.Rows, "user", "verified", "the default, false", func(v *string) bool {
		return v != nil && (*v == "false" || *v == "0")
	})
	if got := len(r.Back.Rows["post_activity"]); got != 0 {
		t.Errorf("after the rollback post_activity has %d rows, want 0: the upgrade dropped them", got)
	}
	for _, row := range r.Back.Rows["organization"] {
		if v := row["code"]; v != nil {
			t.Errorf("after the rollback organization %s has code %s, want NULL: the upgrade dropped it", *row["_id"], show(v))
		}
	}
}

// newColumn fails t unless ok accepts the value every row of table has in
// column, a column the upgrade added, and there are such rows.
func newColumn(t *testing.T, after map[string]rows, table, column, want string, ok func(*string) bool) {
	t.Helper()
	if len(after[table]) == 0 {
		t.Errorf("after the upgrade table %q has no rows", table)
	}
	for _, row := range after[table] {
		if v := row[column]; !ok(v) {
			t.Errorf("after the upgrade %q.%q of row %s is %s, want %s", table, column, show(row["_id"]), show(v), want)
		}
	}
}

// sameSchema fails t unless the catalog got is the schema the models
// describe, want, up to what no database keeps apart: column order, and on
// SQLite column comments, which it has no place for.
//
// Check expressions are compared as text, so testdata/new uses checks
// PostgreSQL keeps as written ("tier >= 0" on an integer column comes back
// "(tier >= 0)", which the catalog reader unwraps). PostgreSQL rewrites
// most others — "x <> 'a'" on a varchar reads back "(x)::text <> 'a'::text",
// "price >= 0" on a numeric "price >= (0)::numeric" — and comparing those
// would test PostgreSQL's deparser, not matardb.
func sameSchema(t *testing.T, when string, got, want *schema.Schema, d dialect.Dialect) {
	t.Helper()
	g, w := facts(t, got, d), facts(t, want, d)
	names := slices.Sorted(maps.Keys(g))
	for name := range w {
		if _, ok := g[name]; !ok {
			names = append(names, name)
		}
	}
	for _, name := range names {
		extra, missing := without(g[name], w[name]), without(w[name], g[name])
		if len(extra) > 0 || len(missing) > 0 {
			t.Errorf("%s, table %q differs from the models:\n  only in the catalog: %s\n  only in the models:  %s",
				when, name, strings.Join(extra, "\n                       "), strings.Join(missing, "\n                       "))
		}
	}
}

// facts renders each table of s as a set of one-line facts (a column, the
// primary key, an index, a foreign key, a check), in the form sameSchema
// compares: comments dropped on SQLite.
func facts(t *testing.T, s *schema.Schema, d dialect.Dialect) map[string][]string {
	t.Helper()
	line := func(kind string, v any) string {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return kind + " " + string(data)
	}
	out := map[string][]string{}
	for _, table := range s.Tables {
		lines := []string{line("primary key", table.PrimaryKey)}
		for _, c := range table.Columns {
			c := *c
			if d == dialect.SQLite {
				c.Comment = ""
			}
			lines = append(lines, line("column", c))
		}
		for _, i := range table.Indexes {
			lines = append(lines, line("index", i))
		}
		for _, f := range table.ForeignKeys {
			lines = append(lines, line("foreign key", f))
		}
		for _, k := range table.Checks {
			lines = append(lines, line("check", k))
		}
		out[table.Name] = lines
	}
	return out
}

// without returns the lines of a that b lacks, sorted.
func without(a, b []string) []string {
	var out []string
	for _, l := range a {
		if !slices.Contains(b, l) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// keptRows fails t unless every row of from is in to with the same values,
// its table and columns renamed by tables and columns ("table.column" →
// new column, the table's old name). A table or column renamed to "" is
// not kept and not compared.
func keptRows(t *testing.T, step string, from, to map[string]rows, tables, columns map[string]string) {
	t.Helper()
	for _, table := range slices.Sorted(maps.Keys(from)) {
		newTable, renamed := tables[table]
		if !renamed {
			newTable = table
		} else if newTable == "" {
			continue
		}
		old, now := from[table], to[newTable]
		if len(old) == 0 {
			t.Errorf("table %q has no rows before %s: the seed should fill every table", table, step)
		}
		if len(now) != len(old) {
			t.Errorf("after %s table %q has %d rows, want the %d it had", step, newTable, len(now), len(old))
			continue
		}
		for i, row := range old {
			keptRow(t, step, table, newTable, row, now[i], columns)
		}
	}
}

func keptRow(t *testing.T, step, table, newTable string, old, now map[string]*string, columns map[string]string) {
	t.Helper()
	for _, col := range slices.Sorted(maps.Keys(old)) {
		newCol, renamed := columns[table+"."+col]
		if !renamed {
			newCol = col
		} else if newCol == "" {
			continue
		}
		v, ok := now[newCol]
		if !ok {
			t.Errorf("after %s %q has no column %q", step, newTable, newCol)
		} else if !sameValue(old[col], v) {
			t.Errorf("after %s %q.%q of row %s is %s, want %s", step, newTable, newCol, show(old["_id"]), show(v), show(old[col]))
		}
	}
}

// sameValue compares two values as text, or as numbers when both are:
// a numeric whose scale grows reads back with more zeros ("12.50", "12.500").
func sameValue(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	if *a == *b {
		return true
	}
	x, errA := strconv.ParseFloat(*a, 64)
	y, errB := strconv.ParseFloat(*b, 64)
	return errA == nil && errB == nil && x == y
}

func show(v *string) string {
	if v == nil {
		return "NULL"
	}
	return strconv.Quote(*v)
}

// acknowledge adds to the migration file at path a lint acknowledgement of
// each rule, as a reviewer who accepts the findings would.
func acknowledge(t *testing.T, path string, rules ...string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		src = append(src, "\n//matardb:lint-ok "+r+" the round trip changes these on purpose, with no replica running"...)
	}
	if err := os.WriteFile(path, append(src, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
