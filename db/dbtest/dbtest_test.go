package dbtest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// shelf is this test's own history: a shelf of books, grown one table
// per migration.
func shelf(t *testing.T, tables ...string) *history.History {
	t.Helper()
	ms := make([]history.Migration, len(tables))
	for i, table := range tables {
		q := fmt.Sprintf(`CREATE TABLE %s (id integer PRIMARY KEY, title text NOT NULL)`, table)
		ms[i] = history.Migration{
			ID: fmt.Sprintf("%012x", i+1), Message: "create " + table, Checksum: "sha256:" + table,
			Migrate: func(tx *gorm.DB) error { return tx.Exec(q).Error },
		}
		if i > 0 {
			ms[i].Parent = ms[i-1].ID
		}
	}
	h, err := history.New(ms...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// testPrefix is a prefix of t's own, whose templates are dropped when t ends.
func testPrefix(t *testing.T) string {
	t.Helper()
	prefix := "dbtest_t" + randomHex(3)
	t.Cleanup(func() {
		err := testAdmin(t).Connection(func(conn *gorm.DB) error { return dropStale(conn, prefix, "") })
		if err != nil {
			t.Errorf("drop the templates of %s: %v", prefix, err)
		}
	})
	return prefix
}

// testAdmin is the process's pool on the admin database.
func testAdmin(t *testing.T) *gorm.DB {
	t.Helper()
	cfg := mustConfig(t, shelf(t), nil)
	admin, err := admins.do(cfg.adminURL, func() (*gorm.DB, error) { return openAdmin(context.Background(), cfg.adminURL) })
	if err != nil {
		unavailable(t, err)
	}
	return admin
}

// databases lists the databases whose name starts with prefix.
func databases(t *testing.T, prefix string) []string {
	t.Helper()
	var names []string
	if err := testAdmin(t).Raw(`SELECT datname FROM pg_database WHERE left(datname, ?) = ? ORDER BY datname`, len(prefix), prefix).
		Scan(&names).Error; err != nil {
		t.Fatal(err)
	}
	return names
}

func countRows(t *testing.T, gdb *gorm.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := gdb.Raw("SELECT count(*) FROM " + table).Scan(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func TestNewDBClonesATemplateAtHeadAndDropsTheCloneAfterTheTest(t *testing.T) {
	t.Parallel()
	prefix := testPrefix(t)
	h := shelf(t, "book", "author")
	var name string
	t.Run("inner", func(t *testing.T) {
		gdb := NewDB(t, h, WithPrefix(prefix))
		if err := gdb.Raw("SELECT current_database()").Scan(&name).Error; err != nil {
			t.Fatal(err)
		}
		if got := countRows(t, gdb, "migrations"); got != 2 {
			t.Errorf("the clone records %d migrations, want 2", got)
		}
		if err := gdb.Exec(`INSERT INTO author (id, title) VALUES (1, 'Premchand')`).Error; err != nil {
			t.Fatal(err)
		}
		if got := databases(t, name); len(got) != 1 {
			t.Errorf("database %s not found while the test runs: %v", name, got)
		}
	})
	if got := databases(t, name); len(got) != 0 {
		t.Errorf("database %s still exists after its test ended", name)
	}
	tpl := prefix + "_tpl_" + Key(h, "")
	if got := databases(t, prefix); len(got) != 1 || got[0] != tpl {
		t.Errorf("databases of prefix %s: %v, want only the template %s", prefix, got, tpl)
	}
	again := NewDB(t, h, WithPrefix(prefix))
	if got := countRows(t, again, "author"); got != 0 {
		t.Errorf("a second clone holds %d authors the first one wrote, want 0", got)
	}
}

func TestAChangedHistoryBuildsANewTemplateAndDropsTheStaleOne(t *testing.T) {
	t.Parallel()
	prefix := testPrefix(t)
	old, grown := shelf(t, "book"), shelf(t, "book", "loan")
	NewDB(t, old, WithPrefix(prefix))
	gdb := NewDB(t, grown, WithPrefix(prefix))
	if got := countRows(t, gdb, "loan"); got != 0 {
		t.Errorf("loan has %d rows, want 0", got)
	}
	want := prefix + "_tpl_" + Key(grown, "")
	var templates []string
	for _, name := range databases(t, prefix) {
		if name[len(prefix):len(prefix)+5] == "_tpl_" {
			templates = append(templates, name)
		}
	}
	if len(templates) != 1 || templates[0] != want {
		t.Errorf("templates %v, want only %s (the stale one dropped)", templates, want)
	}
	if Key(old, "") == Key(grown, "") || Key(grown, "") == Key(grown, "v2") {
		t.Error("the key does not change with the history or WithKey")
	}
}

// Processes starting at once are simulated by building through fresh
// admin pools, past this process's memory of built templates.
func TestConcurrentBuildersMakeOneTemplateAndEveryCloneSucceeds(t *testing.T) {
	t.Parallel()
	prefix := testPrefix(t)
	h := shelf(t, "book", "shelf", "reader")
	cfg := mustConfig(t, h, []Option{WithPrefix(prefix)})
	tpl := prefix + "_tpl_" + Key(h, "")
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Go(func() {
			admin, err := openAdmin(context.Background(), cfg.adminURL)
			if err != nil {
				errs <- err
				return
			}
			defer closeDB(admin)
			errs <- ensureTemplate(context.Background(), admin, h, cfg, tpl)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent build: %v", err)
		}
	}
	if got := databases(t, prefix); len(got) != 1 || got[0] != tpl {
		t.Errorf("databases of prefix %s after 6 concurrent builds: %v, want only %s", prefix, got, tpl)
	}
	for i := range 4 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			if got := countRows(t, NewDB(t, h, WithPrefix(prefix)), "reader"); got != 0 {
				t.Errorf("reader has %d rows, want 0", got)
			}
		})
	}
}

func TestNewSQLiteCopiesAMigratedFileThatEachTestOwns(t *testing.T) {
	t.Parallel()
	h := shelf(t, "book", "author")
	first, second := NewSQLite(t, h), NewSQLite(t, h)
	if err := first.Exec(`INSERT INTO book (id, title) VALUES (1, 'Godaan')`).Error; err != nil {
		t.Fatal(err)
	}
	if got := countRows(t, first, "book"); got != 1 {
		t.Errorf("first copy has %d books, want 1", got)
	}
	if got := countRows(t, second, "book"); got != 0 {
		t.Errorf("second copy has %d books the first wrote, want 0", got)
	}
	if got := countRows(t, second, "migrations"); got != 2 {
		t.Errorf("second copy records %d migrations, want 2", got)
	}
}

func TestBothRunsOnEachDialectAtHead(t *testing.T) {
	t.Parallel()
	h := shelf(t, "book")
	var mu sync.Mutex
	ran := map[string]bool{}
	t.Run("both", func(t *testing.T) {
		Both(t, h, func(t *testing.T, gdb *gorm.DB) {
			countRows(t, gdb, "book")
			mu.Lock()
			ran[gdb.Dialector.Name()] = true
			mu.Unlock()
		})
	})
	if !ran["sqlite"] || !ran["postgres"] {
		t.Errorf("Both ran on %v, want postgres and sqlite", ran)
	}
}

func TestABadPrefixIsRefusedWithTheRule(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"", "Upper", "9lives", "has-dash", "a23456789012345678901234567890x"} {
		if _, err := newConfig([]Option{WithPrefix(p)}); err == nil {
			t.Errorf("prefix %q accepted", p)
		}
	}
	if _, err := newConfig([]Option{WithTimeout(0)}); err == nil {
		t.Error("timeout 0 accepted")
	}
}
