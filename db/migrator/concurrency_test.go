package migrator

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/testdb"
)

// Environment of TestHelperProcess: the database URL, and the history to
// run ("counter" or "hang").
const (
	helperURLEnv  = "MATARDB_TEST_HELPER_URL"
	helperModeEnv = "MATARDB_TEST_HELPER_MODE"
)

// counterMigrations is a history that is not idempotent: m1 creates table
// counter, each later one inserts its number and takes a while, so a
// migration applied twice shows as a duplicate row.
func counterMigrations(n int) []history.Migration {
	ms := []history.Migration{sqlMig("c01", "", `CREATE TABLE "counter" ("n" integer NOT NULL)`, `DROP TABLE "counter"`)}
	for i := 2; i <= n; i++ {
		i := i
		ms = append(ms, history.Migration{
			ID: fmt.Sprintf("c%02d", i), Parent: fmt.Sprintf("c%02d", i-1), Message: fmt.Sprintf("count %d", i),
			Migrate: func(tx *gorm.DB) error {
				time.Sleep(20 * time.Millisecond)
				return tx.Exec(`INSERT INTO "counter" ("n") VALUES (?)`, i).Error
			},
		})
	}
	return ms
}

// TestHelperProcess is the body of the processes the concurrency tests
// start: it opens the database, says "ready", waits for its standard input
// to close, then migrates, logging to standard output.
func TestHelperProcess(t *testing.T) {
	t.Parallel()
	url := os.Getenv(helperURLEnv)
	if url == "" {
		t.Skip("started by the concurrency tests only")
	}
	gdb, err := connect.Open(ctx, url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	ms := counterMigrations(6)
	switch os.Getenv(helperModeEnv) {
	case "hang":
		ms = hangingMigrations(true)
	case "sleep":
		ms = sleepingMigrations()
	}
	h, err := history.New(ms...)
	if err == nil {
		err = testMigrate(ctx, gdb, withHistory(h), WithLogger(slog.New(slog.NewTextHandler(os.Stdout, nil))))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// helper is a TestHelperProcess process.
type helper struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr bytes.Buffer
}

// startHelpers starts n helper processes on url running the history of
// mode and waits until each has opened the database.
func startHelpers(t *testing.T, url, mode string, n int) []*helper {
	t.Helper()
	hs := make([]*helper, n)
	for i := range hs {
		p := &helper{cmd: exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")}
		p.cmd.Env = append(os.Environ(), helperURLEnv+"="+url, helperModeEnv+"="+mode)
		p.cmd.Stderr = &p.stderr
		var err error
		if p.stdin, err = p.cmd.StdinPipe(); err != nil {
			t.Fatal(err)
		}
		out, err := p.cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		p.stdout = bufio.NewReader(out)
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
		hs[i] = p
	}
	for i, p := range hs {
		if line, err := p.stdout.ReadString('\n'); line != "ready\n" {
			t.Fatalf("process %d did not get ready: %q, %v, stderr: %s", i, line, err, &p.stderr)
		}
	}
	return hs
}

// migrateInProcesses runs Migrate in n processes at once on url and
// returns the standard output of each.
func migrateInProcesses(t *testing.T, url string, n int) []string {
	t.Helper()
	hs := startHelpers(t, url, "counter", n)
	for _, p := range hs {
		p.stdin.Close()
	}
	outs := make([]string, n)
	for i, p := range hs {
		rest, _ := io.ReadAll(p.stdout)
		outs[i] = string(rest)
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("process %d: %v: %s", i, err, &p.stderr)
		}
	}
	return outs
}

// testConcurrentProcessesApplyEachMigrationOnce runs the counter history
// in processes at once. With oneApplier (PostgreSQL's lock), one process
// must apply every migration and each other one report the database up to
// date; otherwise (SQLite, where processes take turns per migration) the
// migrations may be spread over processes.
func testConcurrentProcessesApplyEachMigrationOnce(t *testing.T, url string, gdb *gorm.DB, processes int, oneApplier bool) {
	outs := migrateInProcesses(t, url, processes)
	var ns []int
	if err := gdb.Raw(`SELECT "n" FROM "counter" ORDER BY "n"`).Scan(&ns).Error; err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ns) != "[2 3 4 5 6]" {
		t.Errorf("counter rows = %v, want [2 3 4 5 6]: some migration ran twice or not at all", ns)
	}
	wantRecorded(t, gdb, "c01", "c02", "c03", "c04", "c05", "c06")
	all := strings.Join(outs, "")
	if n := strings.Count(all, `msg="applied migration"`); n != 6 {
		t.Errorf("processes logged %d applied migrations, want 6:\n%s", n, all)
	}
	if !oneApplier {
		return
	}
	appliers := 0
	for i, out := range outs {
		switch {
		case strings.Contains(out, `msg="applied migration"`):
			appliers++
		case !strings.Contains(out, `msg="the database is up to date`):
			t.Errorf("process %d neither applied migrations nor reported the database up to date:\n%s", i, out)
		}
	}
	if appliers != 1 {
		t.Errorf("%d processes applied migrations, want exactly one:\n%s", appliers, all)
	}
}

func TestSixteenProcessesApplyEachMigrationOnceAndOnlyOneReportsApplyingPostgres(t *testing.T) {
	t.Parallel()
	const processes = 16
	url := testdb.PostgresURL(t)
	gdb, err := connect.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB, _ := gdb.DB(); sqlDB.Close() })
	testConcurrentProcessesApplyEachMigrationOnce(t, testdb.LimitedRole(t, url, 2*processes), gdb, processes, true)
}

func TestConcurrentProcessesApplyEachMigrationOnceSQLite(t *testing.T) {
	t.Parallel()
	url := "sqlite:" + filepath.Join(t.TempDir(), "shared.db")
	gdb, err := connect.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB, _ := gdb.DB(); sqlDB.Close() })
	testConcurrentProcessesApplyEachMigrationOnce(t, url, gdb, 4, false)
}

// hangingMigrations creates tables h1 and h2; with hang, the second then
// says "in-migration" and waits inside its transaction to be killed.
func hangingMigrations(hang bool) []history.Migration {
	second := sqlMig("h02", "h01", `CREATE TABLE "h2" ("x" integer)`, "")
	if hang {
		second.Migrate = func(tx *gorm.DB) error {
			if err := tx.Exec(`CREATE TABLE "h2" ("x" integer)`).Error; err != nil {
				return err
			}
			fmt.Println("in-migration")
			time.Sleep(time.Minute)
			return nil
		}
	}
	return []history.Migration{sqlMig("h01", "", `CREATE TABLE "h1" ("x" integer)`, ""), second}
}

// sleepingMigrations is hangingMigrations whose second migration, once it
// has said "in-migration", waits in a PostgreSQL statement (pg_sleep).
func sleepingMigrations() []history.Migration {
	ms := hangingMigrations(false)
	ms[1].Migrate = func(tx *gorm.DB) error {
		if err := tx.Exec(`CREATE TABLE "h2" ("x" integer)`).Error; err != nil {
			return err
		}
		fmt.Println("in-migration")
		return tx.Exec(`SELECT pg_sleep(60)`).Error
	}
	return ms
}

// waitForLine reads p's standard output until the line want.
func waitForLine(t *testing.T, p *helper, want string) {
	t.Helper()
	for {
		line, err := p.stdout.ReadString('\n')
		if err != nil {
			t.Fatalf("helper did not print %q: %v, stderr: %s", want, err, &p.stderr)
		}
		if line == want+"\n" {
			return
		}
	}
}

// TestProcessKilledWhileItsMigrationRunsAStatementLetsTheNextRunInAtOnce
// kills a process whose migration is inside a long statement: PostgreSQL
// does not notice a lost client until the statement ends unless the
// session checks the connection, so without that the killed process's
// backend would hold the lock and the transaction for a minute.
func TestProcessKilledWhileItsMigrationRunsAStatementLetsTheNextRunInAtOnce(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	p := startHelpers(t, url, "sleep", 1)[0]
	p.stdin.Close()
	waitForLine(t, p, "in-migration")
	gdb, err := connect.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { sqlDB, _ := gdb.DB(); sqlDB.Close() }()
	waitForQuery(t, gdb, "SELECT pg_sleep(60)")
	p.cmd.Process.Kill()
	p.cmd.Wait()

	wantTables(t, gdb, []string{"h1"}, []string{"h2"})
	wantRecorded(t, gdb, "h01")
	opts, _ := testOpts(mustHistory(t, hangingMigrations(false)...), WithLockWait(20*time.Second))
	start := time.Now()
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the next run took %v: the killed process's backend held the lock until its statement ended", took)
	}
	wantTables(t, gdb, []string{"h1", "h2"}, nil)
	wantRecorded(t, gdb, "h01", "h02")
}

// waitForQuery waits until another session of gdb's database is running query.
func waitForQuery(t *testing.T, gdb *gorm.DB, query string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var n int64
		err := gdb.Raw(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query = ?`, query).
			Row().Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatalf("no session ran %q within 10s", query)
}

func TestProcessKilledInTheMiddleOfAMigrationLeavesItUnappliedAndUnlocked(t *testing.T) {
	t.Parallel()
	for name, url := range map[string]string{
		"postgres": testdb.PostgresURL(t),
		"sqlite":   "sqlite:" + filepath.Join(t.TempDir(), "killed.db"),
	} {
		t.Run(name, func(t *testing.T) {
			p := startHelpers(t, url, "hang", 1)[0]
			p.stdin.Close()
			for {
				line, err := p.stdout.ReadString('\n')
				if err != nil {
					t.Fatalf("helper did not reach the migration: %v, stderr: %s", err, &p.stderr)
				}
				if line == "in-migration\n" {
					break
				}
			}
			p.cmd.Process.Kill()
			p.cmd.Wait()

			gdb, err := connect.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { sqlDB, _ := gdb.DB(); sqlDB.Close() }()
			wantTables(t, gdb, []string{"h1"}, []string{"h2"})
			wantRecorded(t, gdb, "h01")
			wantNextRunWithin(t, gdb, 5*time.Second, 3*time.Second)
			wantRecorded(t, gdb, "h01", "h02")
		})
	}
}
