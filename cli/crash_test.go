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

// blockedBy returns the backends of gdb's database waiting for a lock that
// the backend pid holds.
func blockedBy(t *testing.T, gdb *gorm.DB, pid int64) []int64 {
	t.Helper()
	var pids []int64
	err := gdb.Raw(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND ?::int = ANY(pg_blocking_pids(pid))`, pid).
		Scan(&pids).Error
	if err != nil {
		t.Fatal(err)
	}
	return pids
}

// waitGone waits until none of the backends pids is left.
func waitGone(t *testing.T, gdb *gorm.DB, pids []int64, within time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(within); ; time.Sleep(50 * time.Millisecond) {
		var n int64
		if err := gdb.Raw(`SELECT count(*) FROM pg_stat_activity WHERE pid IN ?`, pids).Row().Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("backends %v of the killed process were still there %v after their table lock was released", pids, within)
		}
	}
}

// TestUpgradeKilledInTheMiddleOfAMigrationLeavesItUnappliedAndTheNextUpgradeAppliesIt
// holds a lock on a table that the second migration of the real history
// alters, so that `matardb upgrade` stops inside that migration (after
// creating table organization in its transaction) and reports every five
// seconds that it is still running; then it kills the process with SIGKILL.
//
// The killed process's migration backend has the whole message (the DDL,
// the row and COMMIT AND CHAIN) and may still be waiting for the table lock
// when the test releases it, its migration lock already gone: the test
// waits for that backend to end and checks that the migration did not
// commit, before the next upgrade applies it.
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
	var holderPID int64
	if err := holder.QueryRow(`SELECT pg_backend_pid()`).Scan(&holderPID); err != nil {
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
	blocked := blockedBy(t, gdb, holderPID)
	if len(blocked) == 0 {
		t.Fatalf("upgrade reported %s still running, but no backend waits for the lock on table category", second)
	}
	cmd.Process.Kill()
	cmd.Wait()

	unapplied := func(when string) {
		t.Helper()
		if hasTable(t, gdb, "organization") {
			t.Errorf("%s, table organization, created inside the killed migration, exists", when)
		}
		if got := recorded(t, gdb); !slices.Equal(got, []string{first}) {
			t.Errorf("%s, the bookkeeping records %v, want only %s", when, got, first)
		}
	}
	unapplied("after the kill")
	for deadline := time.Now().Add(5 * time.Second); migrationLockHeld(t, gdb); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the killed process's session still holds the migration lock 5s later")
		}
	}
	if err := holder.Rollback(); err != nil {
		t.Fatal(err)
	}
	waitGone(t, gdb, blocked, 10*time.Second)
	unapplied("once the killed process's backends ended")

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
