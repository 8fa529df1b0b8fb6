package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Finding 11: --database-url ” silently meant the default database, and
// read-only commands created an empty matar.db where they ran.
func TestAnEmptyURLFlagIsAUsageErrorAndReadOnlyCommandsCreateNoFile(t *testing.T) {
	t.Parallel()
	r := matardb(t, "--database-url", "", "status")
	wantExit(t, r, exitUsage)
	wantContains(t, "stderr", r.stderr, "database-url", "is empty")

	dir := t.TempDir()
	path := filepath.Join(dir, "matar.db")
	for _, cmd := range []string{"current", "status", "history"} {
		r = matardb(t, "--database-url", "sqlite:"+path, cmd)
		wantExit(t, r, exitOK)
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s created %s", cmd, path)
		}
	}
	if !strings.Contains(r.stdout, "(head)") {
		t.Errorf("history printed no head:\n%s", r.stdout)
	}
	r = matardb(t, "--database-url", "sqlite:"+path, "status")
	wantContains(t, "status stdout", r.stdout, "0 applied")
}

// Finding 8: another tool's migrations table is left alone; --table gives
// matardb its own.
func TestTableFlagKeepsMatardbOutOfAnotherToolsTable(t *testing.T) {
	t.Parallel()
	onBoth(t, func(t *testing.T, url string) {
		gdb := open(t, url)
		if err := gdb.Exec(`CREATE TABLE migrations (id integer PRIMARY KEY, migration varchar(255), batch integer)`).Error; err != nil {
			t.Fatal(err)
		}
		r := matardbAt(t, url, "upgrade")
		wantExit(t, r, exitFail)
		wantContains(t, "stderr", r.stderr, "migration, batch", "--table")
		r = matardbAt(t, url, "upgrade", "--table", "matardb_migrations")
		wantExit(t, r, exitOK)
		r = matardbAt(t, url, "current", "--table", "matardb_migrations")
		wantExit(t, r, exitOK)
		wantContains(t, "current", r.stdout, "(head)")
		var n int64
		gdb.Raw(`SELECT count(*) FROM migrations`).Scan(&n)
		if n != 0 {
			t.Fatalf("the other tool's table got %d rows", n)
		}
	})
}
