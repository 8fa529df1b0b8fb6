package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/examples/gormapp/models"
	"github.com/matar-app/matardb/internal/oracle"
	"github.com/matar-app/matardb/internal/testdb"
)

// exampleDir is the example application inside the module.
const exampleDir = "examples/gormapp"

// The example application, examples/gormapp, driven as a new GORM project
// would be, in a scratch copy of the module with its history removed:
//
//  1. its command line is written without a history (testdata/gormapp/
//     bootstrap.go) and `gormappdb init` starts one; then the real
//     ten-line command line is put back, and the sum file removed (the
//     package must build without it);
//  2. with its first models (testdata/gormapp/v1.go) `revision
//     --autogenerate` writes the first migration, which `upgrade` applies
//     to PostgreSQL and SQLite;
//  3. with its current models, which add a field, an index and a join
//     table, it generates the second migration, applies it, runs the
//     application, and rolls the migration back.
//
// Each time regenerating says "No changes detected" and check passes. On
// PostgreSQL the catalog at head must be what GORM's AutoMigrate builds
// from the same models, and AutoMigrate must then find nothing to do; on
// SQLite AutoMigrate cannot build them (it writes USING gin, which SQLite
// rejects), so the catalog is checked for what the models add. After the
// rollback the catalog must be what the first migration built, with the
// rows kept.
func TestAGormProjectStartsItsHistoryEvolvesItsModelsAndRollsBack(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipping: compiles a copy of the module four times")
	}
	s := newScratch(t)
	app := s.gormApp(t)
	s.mustRun(t, s.goTool, "build", "-o", s.bin("gormappdb"), "./"+exampleDir+"/cmd/gormappdb")
	s.runIn(t, app, nil, s.bin("gormappdb"), "init")
	s.restore(t, exampleDir+"/cmd/gormappdb/main.go")
	// A history without its sum file still builds; the first revision
	// writes one.
	if err := os.Remove(filepath.Join(app, "migrations", "matardb.sum")); err != nil {
		t.Fatal(err)
	}

	s.gormAppRevision(t, app, "./"+exampleDir+"/cmd/gormappdb", "users and posts",
		`create table "users"`, `create table "posts"`)
	pg, lite := testdb.PostgresURL(t), "sqlite:"+filepath.Join(t.TempDir(), "gormapp.db")
	first := map[string]*schema.Schema{}
	for _, url := range []string{pg, lite} {
		s.runIn(t, app, nil, s.bin("gormappdb"), "upgrade", "--database-url", url)
		first[url] = catalog(t, url)
		wantV1(t, url, first[url])
	}

	s.restore(t, exampleDir+"/models/models.go")
	s.gormAppRevision(t, app, "./"+exampleDir+"/...", "tags, bios and a title index",
		`create table "tags"`, `create table "post_tags"`, `add column "users"."bio"`, `create index "idx_posts_title"`)
	for _, db := range []struct {
		url string
		d   dialect.Dialect
	}{{pg, dialect.Postgres}, {lite, dialect.SQLite}} {
		url, d := db.url, db.d
		s.runIn(t, app, nil, s.bin("gormappdb"), "upgrade", "--database-url", url)
		wantV2(t, url, catalog(t, url))
		if d == dialect.Postgres {
			wantAutoMigrated(t, url, d)
		}
		out := s.runIn(t, app, []string{"DATABASE_URL=" + url}, s.bin("gormapp"))
		if !strings.Contains(out, `"Hello, GORM" by Asha [intro gorm]`) {
			t.Errorf("%s: the application printed\n%s\nwant its post with its author and tags", d, out)
		}
		s.runIn(t, app, nil, s.bin("gormappdb"), "downgrade", "-1", "--database-url", url)
		sameSchema(t, string(d)+" after the rollback", catalog(t, url), first[url], d)
		var users int64
		if err := open(t, url).Raw(`SELECT count(*) FROM users`).Scan(&users).Error; err != nil || users != 1 {
			t.Errorf("%s: after the rollback users holds %d rows (%v), want the application's one", d, users, err)
		}
	}
}

// gormApp copies the example application into the scratch module without
// its history, with its first models and a command line without history,
// and returns its directory.
func (s *scratch) gormApp(t *testing.T) string {
	t.Helper()
	app := filepath.Join(s.dir, exampleDir)
	if err := copyTree(filepath.Join(moduleRoot, exampleDir), app); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(app, "migrations")); err != nil {
		t.Fatal(err)
	}
	s.put(t, "gormapp/v1.go", exampleDir+"/models/models.go")
	s.put(t, "gormapp/bootstrap.go", exampleDir+"/cmd/gormappdb/main.go")
	return app
}

// restore puts the module's own copy of path back into the scratch module.
func (s *scratch) restore(t *testing.T, path string) {
	t.Helper()
	if err := copyFile(filepath.Join(moduleRoot, path), filepath.Join(s.dir, path)); err != nil {
		t.Fatal(err)
	}
}

// gormAppRevision builds pkgs, generates a migration called message that
// must print each of ops, and builds again to check that regenerating finds
// nothing and check passes.
func (s *scratch) gormAppRevision(t *testing.T, app, pkgs, message string, ops ...string) {
	t.Helper()
	build := func() { s.mustRun(t, s.goTool, "build", "-o", s.bin("")+string(filepath.Separator), pkgs) }
	build()
	out := s.runIn(t, app, nil, s.bin("gormappdb"), "revision", "--autogenerate", "-m", message)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, op := range ops {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, op) }) {
			t.Errorf("revision %q did not print %s:\n%s", message, op, out)
		}
	}
	build()
	if out := s.runIn(t, app, nil, s.bin("gormappdb"), "revision", "--autogenerate", "-m", "again"); out != "No changes detected\n" {
		t.Errorf("regenerating after %q printed\n%s\nwant No changes detected", message, out)
	}
	s.runIn(t, app, nil, s.bin("gormappdb"), "check")
}

// wantV1 checks what the first migration built: the two tables, the
// partial index, and on PostgreSQL the GIN index.
func wantV1(t *testing.T, url string, got *schema.Schema) {
	t.Helper()
	var names []string
	for _, tb := range got.Tables {
		names = append(names, tb.Name)
	}
	if !slices.Equal(names, []string{"posts", "users"}) {
		t.Fatalf("%s: tables %v after the first migration, want posts and users", url, names)
	}
	published := indexNamed(got.Tables[0], "idx_posts_published_at")
	if published == nil || !strings.Contains(published.Where, "published_at IS NOT NULL") {
		t.Errorf("%s: posts has no partial index idx_posts_published_at: %+v", url, published)
	}
	if strings.HasPrefix(url, "postgres") {
		if attrs := indexNamed(got.Tables[1], "idx_users_attrs"); attrs == nil || attrs.Method != "gin" {
			t.Errorf("%s: users has no GIN index idx_users_attrs: %+v", url, attrs)
		}
	}
}

// wantV2 checks what the second migration added: the tags and their join
// table, users.bio and the index on posts.title.
func wantV2(t *testing.T, url string, got *schema.Schema) {
	t.Helper()
	tables := map[string]*schema.Table{}
	for _, tb := range got.Tables {
		tables[tb.Name] = tb
	}
	for _, name := range []string{"post_tags", "posts", "tags", "users"} {
		if tables[name] == nil {
			t.Fatalf("%s: no table %s at head", url, name)
		}
	}
	if !slices.ContainsFunc(tables["users"].Columns, func(c *schema.Column) bool { return c.Name == "bio" }) {
		t.Errorf("%s: users has no column bio at head", url)
	}
	if indexNamed(tables["posts"], "idx_posts_title") == nil {
		t.Errorf("%s: posts has no index idx_posts_title at head", url)
	}
	if n := len(tables["post_tags"].ForeignKeys); n != 2 {
		t.Errorf("%s: post_tags has %d foreign keys, want one to posts and one to tags", url, n)
	}
}

// indexNamed returns tb's index called name, or nil.
func indexNamed(tb *schema.Table, name string) *schema.Index {
	for _, i := range tb.Indexes {
		if i.Name == name {
			return i
		}
	}
	return nil
}

// wantAutoMigrated fails t unless the database at url is what GORM's
// AutoMigrate builds from the example's models on a fresh database of
// dialect d, and AutoMigrate finds nothing to change in it.
func wantAutoMigrated(t *testing.T, url string, d dialect.Dialect) {
	t.Helper()
	set := oracle.Set{Models: models.All()}
	want, _ := oracle.AutoMigrate(t, d, set)
	sameSchema(t, string(d)+" at head", catalog(t, url), want, d)
	ddl, err := oracle.DDL(t.Context(), open(t, url), set)
	if err != nil || len(ddl) > 0 {
		t.Errorf("%s: AutoMigrate on the migrated database sent %q (%v), want nothing", d, ddl, err)
	}
}

// catalog reads the schema of the database at url.
func catalog(t *testing.T, url string) *schema.Schema {
	t.Helper()
	s, err := inspect.Schema(t.Context(), open(t, url))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// open connects to url for the test, closed when it ends.
func open(t *testing.T, url string) *gorm.DB {
	t.Helper()
	gdb, err := connect.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := gdb.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return gdb
}
