package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"

	"github.com/matar-app/matardb/migrations"
)

// branchMigration is a hand-written migration as `matardb revision -m` would
// leave it on a branch: it follows parent, which is the history's head when
// the branch was made.
const branchMigration = `package migrations

import (
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

func init() {
	register(history.Migration{
		ID:       %q,
		Parent:   %q,
		Message:  "work on branch %s",
		Migrate:  func(*gorm.DB) error { return nil },
		Rollback: func(*gorm.DB) error { return nil },
	})
}
`

// Two branches each add a migration on the same head and are merged: the
// history forked. Nothing may run them in some arbitrary order; every entry
// point must say so, naming both migrations and how to fix it, and exit 1.
func TestAForkedHistoryIsReportedByCheckRevisionAndUpgrade(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: compiles a copy of the module")
	}
	h, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	s := newScratch(t)
	s.realModels(t)
	for _, b := range []struct{ id, name string }{{"aaaaaaaaaaa1", "a"}, {"bbbbbbbbbbb2", "b"}} {
		src := fmt.Sprintf(branchMigration, b.id, h.Head(), b.name)
		path := filepath.Join(s.dir, "migrations", b.id+"_work_on_branch_"+b.name+".go")
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s.build(t) // a fork still compiles: only the history's construction can catch it

	db := "sqlite:" + filepath.Join(t.TempDir(), "fork.db")
	for _, args := range [][]string{
		{"check"},
		{"revision", "-m", "more", "--autogenerate"},
		{"--database-url", db, "upgrade"},
	} {
		stderr := s.mustFail(t, 1, args...)
		for _, want := range []string{"forked", "aaaaaaaaaaa1", "bbbbbbbbbbb2", h.Head(), "Parent"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("matardb %s: stderr does not mention %q:\n%s", strings.Join(args, " "), want, stderr)
			}
		}
	}
	// Nothing may have been migrated: the file holds no table, if it exists.
	if _, err := os.Stat(strings.TrimPrefix(db, "sqlite:")); err == nil {
		gdb, err := gorm.Open(sqlite.Open(strings.TrimPrefix(db, "sqlite:")), &gorm.Config{})
		if err != nil {
			t.Fatal(err)
		}
		var tables int64
		gdb.Raw("SELECT count(*) FROM sqlite_master WHERE type = 'table'").Scan(&tables)
		if tables != 0 {
			t.Errorf("upgrade of a forked history created %d tables", tables)
		}
		if sqlDB, err := gdb.DB(); err == nil {
			sqlDB.Close()
		}
	}
}

// mustFail runs the scratch module's matardb and returns its standard error,
// failing t unless it exits with status code.
func (s *scratch) mustFail(t *testing.T, code int, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), s.bin("matardb"), args...)
	cmd.Dir = s.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != code {
		t.Fatalf("matardb %s: %v, want exit status %d\nstdout:\n%s\nstderr:\n%s",
			strings.Join(args, " "), err, code, &stdout, &stderr)
	}
	return stderr.String()
}
