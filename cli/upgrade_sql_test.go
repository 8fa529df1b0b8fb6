package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/offline"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/internal/testdb"
)

// unreachable is a PostgreSQL URL nothing answers at: a command that tried
// to connect to it would fail.
const unreachable = "postgres://matar:pw@127.0.0.1:1/matar?sslmode=disable&connect_timeout=3"

func TestUpgradeSQLPrintsPostgresSQLConnectingToNothing(t *testing.T) {
	r := matardbAt(t, unreachable, "upgrade", "--sql", "--dialect", "postgres")
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout,
		`CREATE TABLE "organization" (`,
		`"_id" character varying NOT NULL`,
		`CREATE TABLE "user" (`,
		`ALTER TABLE "post_activity" ADD COLUMN "organization_id" character varying;`,
		`INSERT INTO migrations (id, message, applied_at, checksum, seq) VALUES ('29edbf20051e', 'initial schema', (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'), 'sha256:`,
		"BEGIN;", "COMMIT;")
	if strings.Contains(r.stdout, "cannot render") || r.stderr != "" {
		t.Errorf("the history is all op steps, yet something was not rendered:\n%v", r)
	}
}

func TestUpgradeSQLTakesTheDialectFromTheURLAndCreatesNoFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "matar.db")
	r := matardbAt(t, "sqlite:"+path, "upgrade", "--sql")
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, "-- matardb upgrade --sql: sqlite", `CREATE TABLE "organization"`, "PRAGMA foreign_keys = OFF;")
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("upgrade --sql touched the database file %s (stat: %v)", path, err)
	}
	r = matardb(t, "upgrade", "--sql")
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, "-- matardb upgrade --sql: postgres")
}

func TestUpgradeSQLPrintsOnlyTheRangeAsked(t *testing.T) {
	r := matardb(t, "upgrade", "--sql", "29edbf20051e:4640e9af0234")
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, "-- 4640e9af0234: create organization table", `CREATE TABLE "organization"`)
	for _, absent := range []string{`CREATE TABLE "user"`, "-- 29edbf20051e:", "-- 01ea0e75088a:"} {
		if strings.Contains(r.stdout, absent) {
			t.Errorf("stdout contains %q, outside the range:\n%s", absent, r.stdout)
		}
	}
	r = matardb(t, "upgrade", "--sql", "4640e9af0234:29edbf20051e")
	wantExit(t, r, exitFail)
	r = matardb(t, "upgrade", "--sql", "feedfacecafe")
	wantExit(t, r, exitFail)
	wantContains(t, "stderr", r.stderr, `"feedfacecafe"`, "matardb history")
}

// goStepsHistory has one migration of op steps only and three that do more.
func goStepsHistory(t *testing.T) *history.History {
	t.Helper()
	h, err := history.New(
		history.Migration{ID: "a1", Message: "op only", Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx, op.CreateTable("thing", op.Col("id", op.Integer).NotNull(), op.PrimaryKey("id")))
		}},
		history.Migration{ID: "a2", Parent: "a1", Message: "data step", Migrate: func(tx *gorm.DB) error {
			if err := op.Apply(tx, op.AddColumn("thing", op.Col("n", op.Integer))); err != nil {
				return err
			}
			return tx.Exec(`UPDATE "thing" SET "n" = ?`, 42).Error
		}},
		history.Migration{ID: "a3", Parent: "a2", Message: "reads", Migrate: func(tx *gorm.DB) error {
			var n int64
			return tx.Raw(`SELECT count(*) FROM "thing"`).Scan(&n).Error
		}},
		history.Migration{ID: "a4", Parent: "a3", Message: "fails", Migrate: func(tx *gorm.DB) error {
			return errors.New("needs the network")
		}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestUpgradeSQLNamesGoStepsItCannotRender(t *testing.T) {
	for _, d := range []dialect.Dialect{dialect.Postgres, dialect.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			s := renderScript(t, d, goStepsHistory(t), func(m *history.Migration, r *offline.Rendering) {
				if got, want := r.Renderable(), m.ID == "a1"; got != want {
					t.Errorf("migration %s: renderable = %t, want %t (%+v)", m.ID, got, want, r)
				}
			})
			wantContains(t, "SQL", s,
				`CREATE TABLE "thing"`,
				`ALTER TABLE "thing" ADD COLUMN "n"`,
				"-- migration a2: contains Go steps matardb cannot render offline",
				`its own statement, as run on an empty database: UPDATE "thing" SET "n" = 42;`,
				"-- migration a3: contains Go steps matardb cannot render offline",
				"it reads from the database",
				"-- migration a4: contains Go steps matardb cannot render offline",
				"needs the network")
			if strings.Contains(s, "migration a1: contains") {
				t.Errorf("migration a1 is op steps only, yet was reported:\n%s", s)
			}
			if strings.Contains(s, "\nUPDATE") {
				t.Errorf("a Go step's statement was printed as SQL to run:\n%s", s)
			}
		})
	}
}

func TestUpgradeSQLScriptBuildsWhatUpgradeBuildsAndRecordsTheHistory(t *testing.T) {
	head := theHistory(t).Head()
	onBoth(t, func(t *testing.T, url string) {
		dialect := "postgres"
		if strings.HasPrefix(url, "sqlite:") {
			dialect = "sqlite"
		}
		r := matardb(t, "upgrade", "--sql", "--dialect", dialect)
		wantExit(t, r, exitOK)
		scripted := open(t, url)
		runScript(t, scripted, r.stdout)

		upgradedURL := freshLike(t, url)
		wantExit(t, matardbAt(t, upgradedURL, "upgrade"), exitOK)
		if got, want := schemaOf(t, scripted), schemaOf(t, open(t, upgradedURL)); !reflect.DeepEqual(got, want) {
			t.Errorf("the script built a different schema from upgrade's:\n got %+v\nwant %+v", got, want)
		}

		r = matardbAt(t, url, "current")
		wantExit(t, r, exitOK)
		if r.stdout != head+" (head)\n" {
			t.Errorf("after the script, current = %q, want %s (head)", r.stdout, head)
		}
		r = matardbAt(t, url, "upgrade")
		wantExit(t, r, exitOK)
		if strings.Contains(r.stderr, "applied migration") {
			t.Errorf("upgrade after the script applied migrations again:\n%s", r.stderr)
		}
	})
}

// runScript runs an upgrade --sql script on one connection of gdb, statement
// by statement (each ends a line with ';'; comment lines are skipped).
func runScript(t *testing.T, gdb *gorm.DB, script string) {
	t.Helper()
	var stmts []string
	var cur strings.Builder
	for _, line := range strings.Split(script, "\n") {
		if strings.HasPrefix(line, "--") || strings.TrimSpace(line) == "" {
			continue
		}
		cur.WriteString(line + "\n")
		if strings.HasSuffix(line, ";") {
			stmts = append(stmts, cur.String())
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		t.Fatalf("the script ends with an unterminated statement: %q", cur.String())
	}
	err := gdb.Connection(func(conn *gorm.DB) error {
		for _, s := range stmts {
			if err := conn.Exec(s).Error; err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("run the script: %v", err)
	}
}

func TestUpgradeSQLRendersSQLiteTableRebuildsOffline(t *testing.T) {
	h, err := history.New(
		history.Migration{ID: "b1", Message: "tables", Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.CreateTable("parent", op.Col("id", op.Integer).NotNull(), op.PrimaryKey("id")),
				op.CreateTable("child",
					op.Col("id", op.Integer).NotNull(),
					op.Col("parent_id", op.Integer),
					op.Col("note", op.String),
					op.PrimaryKey("id"),
					op.ForeignKey("child_parent_id_fkey", "parent_id").References("parent", "id"),
				),
			)
		}},
		history.Migration{ID: "b2", Parent: "b1", Message: "rebuilds", Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.DropColumn("child", "note"),
				op.AlterColumn("parent", "id").SetType(op.BigInt),
			)
		}},
	)
	if err != nil {
		t.Fatal(err)
	}
	s := renderScript(t, dialect.SQLite, h, func(m *history.Migration, r *offline.Rendering) {
		if !r.Renderable() {
			t.Errorf("migration %s is op steps only, yet was not rendered: %+v", m.ID, r)
		}
	})
	wantContains(t, "SQL", s, `DROP TABLE "child"`, `DROP TABLE "parent"`, `INSERT INTO`, `RENAME TO "child"`)
}

// renderScript renders h offline for d as upgrade --sql prints it, handing
// each migration's rendering to check first.
func renderScript(t *testing.T, d dialect.Dialect, h *history.History, check func(*history.Migration, *offline.Rendering)) string {
	t.Helper()
	o, err := offline.New(d)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	var out bytes.Buffer
	for _, m := range h.Migrations() {
		r := o.Render(context.Background(), m)
		check(m, &r)
		printStep(&out, m, &r, migrator.ScriptRecordSQL(d, migrator.TableName, m))
	}
	return out.String()
}

// projectOf is a project whose history is h.
func projectOf(h *history.History) Project {
	return Project{History: func() (*history.History, error) { return h, nil }}
}

// A migration that fails offline used to be a comment in a script printed
// with exit 0: the script would have recorded it applied without its steps.
func TestUpgradeSQLFailsNamingAMigrationThatFailsOfflineAndPrintsNoScript(t *testing.T) {
	t.Parallel()
	p := projectOf(goStepsHistory(t))
	for _, d := range []string{"postgres", "sqlite"} {
		code, out, errOut := runProject(t, p, "upgrade", "--sql", "--dialect", d)
		want := "matardb: migration a4 (fails) failed when run offline, so no script was printed: needs the network; " +
			"fix the migration, or run matardb upgrade against the database instead of --sql\n"
		if code != exitFail || out != "" || errOut != want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1, nothing on stdout, stderr %q", d, code, out, errOut, want)
		}
		// Up to the migration before it, the script is printed.
		code, out, _ = runProject(t, p, "upgrade", "--sql", "--dialect", d, "a3")
		if code != exitOK || !strings.Contains(out, "-- a3: reads") || strings.Contains(out, "a4") {
			t.Errorf("%s: upgrade --sql a3: exit %d, stdout:\n%s\nwant exit 0 and the script up to a3", d, code, out)
		}
	}
}

func TestDowngradeSQLFailsNamingARollbackThatFailsOfflineAndPrintsNoScript(t *testing.T) {
	t.Parallel()
	create := func(tx *gorm.DB) error {
		return op.Apply(tx, op.CreateTable("thing", op.Col("id", op.Integer).NotNull(), op.PrimaryKey("id")))
	}
	drop := func(tx *gorm.DB) error { return op.Apply(tx, op.DropTable("thing")) }
	h, err := history.New(
		history.Migration{ID: "c1", Message: "thing", Migrate: create, Rollback: drop},
		history.Migration{ID: "c2", Parent: "c1", Message: "one way", Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx, op.AddColumn("thing", op.Col("n", op.Integer)))
		}, Rollback: func(tx *gorm.DB) error { return errors.New("the old values are gone") }},
	)
	if err != nil {
		t.Fatal(err)
	}
	p := projectOf(h)
	for _, d := range []string{"postgres", "sqlite"} {
		code, out, errOut := runProject(t, p, "downgrade", "--sql", "--dialect", d, "head:base")
		want := "matardb: migration c2 (one way) failed when run offline, so no script was printed: the old values are gone; " +
			"fix the migration, or run matardb downgrade against the database instead of --sql\n"
		if code != exitFail || out != "" || errOut != want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1, nothing on stdout, stderr %q", d, code, out, errOut, want)
		}
		code, out, _ = runProject(t, p, "downgrade", "--sql", "--dialect", d, "c1:base")
		if code != exitOK || !strings.Contains(out, `DROP TABLE "thing"`) {
			t.Errorf("%s: downgrade --sql c1:base: exit %d, stdout:\n%s\nwant exit 0 and c1's rollback", d, code, out)
		}
	}
}

// --table was ignored by the offline scripts: they created, filled and
// emptied migrations, whatever table the database's programs use.
func TestUpgradeSQLAndDowngradeSQLWriteTheTableNamedByTable(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	url := testdb.PostgresURL(t)
	up := matardb(t, "upgrade", "--sql", "--dialect", "postgres", "--table", "other_migrations")
	wantExit(t, up, exitOK)
	wantContains(t, "script", up.stdout,
		"CREATE TABLE IF NOT EXISTS other_migrations (",
		"INSERT INTO other_migrations (id, message",
		"(SELECT COALESCE(MAX(seq), 0) + 1 FROM other_migrations)")
	for _, line := range strings.Split(up.stdout, "\n") {
		if strings.Contains(line, " migrations ") || strings.Contains(line, " migrations)") {
			t.Errorf("the script still writes the default table: %s", line)
		}
	}
	gdb := open(t, url)
	runScript(t, gdb, up.stdout)
	var ids []string
	if err := gdb.Raw(`SELECT id FROM other_migrations ORDER BY seq`).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range h.Migrations() {
		want = append(want, m.ID)
	}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("other_migrations after the upgrade script holds %v, want %v", ids, want)
	}
	if hasTable(t, gdb, "migrations") {
		t.Error("the upgrade script created the table migrations too")
	}
	r := matardbAt(t, url, "current", "--table", "other_migrations")
	wantExit(t, r, exitOK)
	if r.stdout != h.Head()+" (head)\n" {
		t.Errorf("current --table other_migrations after the script = %q, want %s (head)", r.stdout, h.Head())
	}

	down := matardb(t, "downgrade", "--sql", "--dialect", "postgres", "--table", "other_migrations", "head:-1")
	wantExit(t, down, exitOK)
	wantContains(t, "script", down.stdout, "DELETE FROM other_migrations WHERE id = '"+h.Head()+"'")
	runScript(t, gdb, down.stdout)
	ids = nil
	if err := gdb.Raw(`SELECT id FROM other_migrations ORDER BY seq`).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids, want[:len(want)-1]) {
		t.Errorf("other_migrations after the downgrade script holds %v, want %v", ids, want[:len(want)-1])
	}
	if hasTable(t, gdb, "migrations") {
		t.Error("the downgrade script created the table migrations")
	}

	r = matardb(t, "upgrade", "--sql", "--table", "Other-Migrations")
	wantExit(t, r, exitFail)
	wantContains(t, "stderr", r.stderr, `matardb: --table: "Other-Migrations" is not a lowercase unquoted SQL name`)
	if r.stdout != "" {
		t.Errorf("a refused --table printed a script:\n%s", r.stdout)
	}
}
