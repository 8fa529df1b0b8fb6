package cli

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// migrationLockHeld reports whether a session of gdb's database holds the
// migration lock.
func migrationLockHeld(t *testing.T, gdb *gorm.DB) bool {
	t.Helper()
	var n int64
	err := gdb.Raw(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Row().Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// TestUpgradeKilledInTheMiddleOfAMigrationLeavesItUnappliedAndTheNextUpgradeAppliesIt
// holds a lock on a table that the second migration of the real history
// alters, so that `matardb upgrade` stops inside that migration (after
// creating table organization in its transaction) and reports every five
// seconds that it is still running; then it kills the process with SIGKILL.
func TestUpgradeKilledInTheMiddleOfAMigrationLeavesItUnappliedAndTheNextUpgradeAppliesIt(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	first, second := h.At(0).ID, h.At(1).ID
	url := testdb.PostgresURL(t)
	wantExit(t, matardbAt(t, url, "upgrade", first), exitOK)
	gdb := open(t, url)
	sqlDB, err := gdb.DB()
	if err != nil {
		t.Fatal(err)
	}
	holder, err := sqlDB.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback()
	if _, err := holder.Exec(`LOCK TABLE "category" IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(binary, "upgrade", "--lock-timeout", "1m")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "DATABASE_URL="+url)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	defer timer.Stop()
	lines := bufio.NewScanner(stderr)
	var seen []string
	for lines.Scan() {
		seen = append(seen, lines.Text())
		if strings.Contains(lines.Text(), `msg="migration still running" id=`+second) {
			break
		}
	}
	if !timer.Stop() || !slices.ContainsFunc(seen, func(l string) bool { return strings.Contains(l, "still running") }) {
		cmd.Wait()
		t.Fatalf("upgrade did not report %s still running within 30s:\n%s", second, strings.Join(seen, "\n"))
	}
	cmd.Process.Kill()
	cmd.Wait()

	if hasTable(t, gdb, "organization") {
		t.Error("table organization, created inside the killed migration, exists")
	}
	if got := recorded(t, gdb); !slices.Equal(got, []string{first}) {
		t.Errorf("after the kill the bookkeeping records %v, want only %s", got, first)
	}
	for deadline := time.Now().Add(5 * time.Second); migrationLockHeld(t, gdb); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the killed process's session still holds the migration lock 5s later")
		}
	}
	if err := holder.Rollback(); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	r := matardbAt(t, url, "upgrade", "--lock-wait", "10s")
	wantExit(t, r, exitOK)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the next upgrade took %v", took)
	}
	wantContains(t, "next upgrade", r.stderr, `msg="applied migration" id=`+second)
	if got := recorded(t, gdb); len(got) != h.Len() {
		t.Errorf("after the next upgrade the bookkeeping records %v, want every migration", got)
	}
	reference := testdb.PostgresURL(t)
	wantExit(t, matardbAt(t, reference, "upgrade"), exitOK)
	if got, want := schemaOf(t, gdb), schemaOf(t, open(t, reference)); !reflect.DeepEqual(got, want) {
		t.Errorf("the schema after a killed and a full upgrade differs from a single upgrade's")
	}
}
