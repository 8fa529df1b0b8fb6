package cli

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
	"github.com/matar-app/matardb/migrations"
)

// onBoth runs f as a subtest with the URL of a fresh PostgreSQL database
// and of a fresh SQLite file.
func onBoth(t *testing.T, f func(t *testing.T, url string)) {
	t.Run("postgres", func(t *testing.T) { f(t, testdb.PostgresURL(t)) })
	t.Run("sqlite", func(t *testing.T) { f(t, "sqlite:"+testdb.SQLitePath(t)) })
}

// open connects to url for the test to look at the database itself.
func open(t *testing.T, url string) *gorm.DB {
	t.Helper()
	gdb, err := db.Open(context.Background(), url)
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

func theHistory(t *testing.T) *history.History {
	t.Helper()
	h, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// recorded returns the IDs in the bookkeeping table, sorted.
func recorded(t *testing.T, gdb *gorm.DB) []string {
	t.Helper()
	var ids []string
	if err := gdb.Raw(`SELECT "id" FROM "migrations" ORDER BY "id"`).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

func hasTable(t *testing.T, gdb *gorm.DB, table string) bool {
	t.Helper()
	return gdb.Migrator().HasTable(table)
}

func TestUpgradeAppliesEveryMigrationThenCurrentStatusAndHistoryReportIt(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	head := h.Head()
	onBoth(t, func(t *testing.T, url string) {
		r := matardbAt(t, url, "current")
		wantExit(t, r, exitOK)
		if r.stdout != "" {
			t.Errorf("current on an empty database should print nothing on stdout, got %q", r.stdout)
		}
		r = matardbAt(t, url, "status")
		wantExit(t, r, exitOK)
		wantContains(t, "status before upgrade", r.stdout, "0 applied, "+strconv.Itoa(h.Len())+" pending")

		r = matardbAt(t, url, "upgrade")
		wantExit(t, r, exitOK)
		if r.stdout != "database at "+head+" (head)\n" {
			t.Errorf("upgrade stdout = %q, want the position", r.stdout)
		}
		for _, m := range h.Migrations() {
			wantContains(t, "upgrade progress", r.stderr,
				`msg="applying migration" id=`+m.ID, `msg="applied migration" id=`+m.ID)
		}
		wantContains(t, "upgrade progress", r.stderr, "duration=")
		gdb := open(t, url)
		if got := recorded(t, gdb); len(got) != h.Len() {
			t.Errorf("the bookkeeping table records %v, want the %d migrations", got, h.Len())
		}
		for _, table := range []string{"organization", "user", "category", "post", "post_activity"} {
			if !hasTable(t, gdb, table) {
				t.Errorf("table %s is missing after upgrade", table)
			}
		}

		r = matardbAt(t, url, "current")
		wantExit(t, r, exitOK)
		if r.stdout != head+" (head)\n" {
			t.Errorf("current = %q, want %q", r.stdout, head+" (head)\n")
		}
		r = matardbAt(t, url, "status")
		wantExit(t, r, exitOK)
		wantContains(t, "status", r.stdout, "APPLIED AT", strconv.Itoa(h.Len())+" applied, 0 pending")
		for _, m := range h.Migrations() {
			line := lineWith(r.stdout, m.ID)
			if !strings.Contains(line, m.Message) || strings.Contains(line, "pending") || !strings.Contains(line, "ms") {
				t.Errorf("status line of %s should show its message, time and duration: %q", m.ID, line)
			}
		}
		r = matardbAt(t, url, "history")
		wantExit(t, r, exitOK)
		wantContains(t, "history", r.stdout, "-> "+head+" (head), ", "<base> -> "+h.At(0).ID+", "+h.At(0).Message)

		r = matardbAt(t, url, "upgrade")
		wantExit(t, r, exitOK)
		if strings.Contains(r.stderr, "applied migration") {
			t.Errorf("a second upgrade applied something:\n%s", r.stderr)
		}
		wantContains(t, "second upgrade progress", r.stderr, `msg="the database is up to date" at=`+head)
	})
}

func TestUpgradeStopsAtTheTargetGiven(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	if h.Len() < 2 {
		t.Fatalf("Matar's history has %d migrations; this test needs two", h.Len())
	}
	target := h.At(1).ID
	onBoth(t, func(t *testing.T, url string) {
		wantExit(t, matardbAt(t, url, "upgrade", target), exitOK)
		if got := recorded(t, open(t, url)); len(got) != 2 {
			t.Errorf("upgrade %s recorded %v, want the first two migrations", target, got)
		}
		r := matardbAt(t, url, "upgrade", "feedfacecafe")
		wantExit(t, r, exitFail)
		wantContains(t, "stderr", r.stderr, "feedfacecafe")
	})
}

func TestDowngradeAndStampMoveTheDatabaseAndTheBookkeeping(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	head, prev := h.Head(), h.At(h.Len()-2).ID
	onBoth(t, func(t *testing.T, url string) {
		gdb := open(t, url)
		wantExit(t, matardbAt(t, url, "upgrade"), exitOK)

		r := matardbAt(t, url, "downgrade", "-1")
		wantExit(t, r, exitOK)
		if r.stdout != "database at "+prev+"\n" {
			t.Errorf("downgrade -1 stdout = %q", r.stdout)
		}
		wantContains(t, "downgrade progress", r.stderr, `msg="rolled back migration" id=`+head)
		reference := freshLike(t, url)
		wantExit(t, matardbAt(t, reference, "upgrade", prev), exitOK)
		if got, want := schemaOf(t, gdb), schemaOf(t, open(t, reference)); !reflect.DeepEqual(got, want) {
			t.Errorf("after downgrade -1 the schema is not the one upgrade %s builds:\n got %+v\nwant %+v", prev, got, want)
		}

		r = matardbAt(t, url, "downgrade", "base")
		wantExit(t, r, exitOK)
		if r.stdout != "database at base\n" {
			t.Errorf("downgrade base stdout = %q", r.stdout)
		}
		if got := schemaOf(t, gdb); len(got.Tables) != 0 {
			t.Errorf("tables are left after downgrade base: %v", got.TableNames())
		}
		if got := recorded(t, gdb); len(got) != 0 {
			t.Errorf("after downgrade base the bookkeeping table still records %v", got)
		}
		r = matardbAt(t, url, "downgrade", "-1")
		wantExit(t, r, exitFail)

		r = matardbAt(t, url, "stamp", "head")
		wantExit(t, r, exitOK)
		if r.stdout != "database at "+head+" (head)\n" {
			t.Errorf("stamp head stdout = %q", r.stdout)
		}
		if hasTable(t, gdb, "organization") {
			t.Error("stamp ran a migration: table organization exists")
		}
		if got := recorded(t, gdb); len(got) != h.Len() {
			t.Errorf("stamp head recorded %v, want every migration", got)
		}
		wantExit(t, matardbAt(t, url, "stamp", "base"), exitOK)
		if got := recorded(t, gdb); len(got) != 0 {
			t.Errorf("stamp base left %v recorded", got)
		}
		r = matardbAt(t, url, "stamp", "feedfacecafe")
		wantExit(t, r, exitFail)
		wantContains(t, "stderr", r.stderr, "feedfacecafe")
	})
}

func TestDowngradeRefusesATargetThatIsNotApplied(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	onBoth(t, func(t *testing.T, url string) {
		wantExit(t, matardbAt(t, url, "upgrade", h.At(0).ID), exitOK)
		r := matardbAt(t, url, "downgrade", h.Head())
		wantExit(t, r, exitFail)
		wantContains(t, "stderr", r.stderr, h.Head(), "not applied")
		if got := recorded(t, open(t, url)); len(got) != 1 {
			t.Errorf("a refused downgrade changed the bookkeeping: %v", got)
		}
	})
}

func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

func TestADatabaseAheadOfTheCodeIsReportedAndCanBeTolerated(t *testing.T) {
	t.Parallel()
	onBoth(t, func(t *testing.T, url string) {
		wantExit(t, matardbAt(t, url, "upgrade"), exitOK)
		gdb := open(t, url)
		if err := gdb.Exec(`INSERT INTO "migrations" ("id", "status") VALUES ('feedfacecafe', 'applied')`).Error; err != nil {
			t.Fatal(err)
		}
		r := matardbAt(t, url, "status")
		wantExit(t, r, exitOK)
		if line := lineWith(r.stdout, "feedfacecafe"); !strings.Contains(line, "not in this program's history") {
			t.Errorf("status should flag the unknown migration, got line %q", line)
		}
		for _, args := range [][]string{{"current"}, {"upgrade"}, {"downgrade", "-1"}} {
			r = matardbAt(t, url, args...)
			wantExit(t, r, exitFail)
			wantContains(t, strings.Join(args, " "), r.stderr, "feedfacecafe")
		}
		r = matardbAt(t, url, "current", "--allow-unknown-applied")
		wantExit(t, r, exitOK)
		r = matardbAt(t, url, "upgrade", "--allow-unknown-applied")
		wantExit(t, r, exitOK)
	})
}

func TestUpgradeGivesUpAfterLockWaitWhileAnotherProcessHoldsTheLock(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	holder := open(t, url)
	err := holder.Connection(func(conn *gorm.DB) error {
		if err := conn.Exec("SELECT pg_advisory_lock(?)", migrator.AdvisoryLockKey).Error; err != nil {
			return err
		}
		defer conn.Exec("SELECT pg_advisory_unlock(?)", migrator.AdvisoryLockKey)
		start := time.Now()
		r := matardbAt(t, url, "upgrade", "--lock-wait", "1s")
		wantExit(t, r, exitFail)
		wantContains(t, "stderr", r.stderr, "timed out waiting for the migration lock")
		if took := time.Since(start); took > 30*time.Second {
			t.Errorf("upgrade waited %v with --lock-wait 1s", took)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if hasTable(t, holder, "organization") {
		t.Error("upgrade ran migrations without the lock")
	}
}

// freshLike returns the URL of another fresh database of url's kind.
func freshLike(t *testing.T, url string) string {
	t.Helper()
	if strings.HasPrefix(url, "sqlite:") {
		return "sqlite:" + testdb.SQLitePath(t)
	}
	return testdb.PostgresURL(t)
}

// schemaOf reads the database's schema, leaving out the bookkeeping table.
func schemaOf(t *testing.T, gdb *gorm.DB) *schema.Schema {
	t.Helper()
	s, err := inspect.Schema(context.Background(), gdb)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
