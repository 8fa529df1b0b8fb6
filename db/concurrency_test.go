package db

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

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/testdb"
)

// helperURLEnv carries the database URL to TestHelperProcess.
const helperURLEnv = "MATARDB_TEST_HELPER_URL"

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
	url := os.Getenv(helperURLEnv)
	if url == "" {
		t.Skip("started by the concurrency tests only")
	}
	gdb, err := Open(ctx, url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
	h, err := history.New(counterMigrations(6)...)
	if err == nil {
		err = Migrate(ctx, gdb, WithHistory(h), WithLogger(slog.New(slog.NewTextHandler(os.Stdout, nil))))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// migrateInProcesses runs Migrate in n processes at once on url and
// returns their combined standard output.
func migrateInProcesses(t *testing.T, url string, n int) string {
	t.Helper()
	type proc struct {
		cmd    *exec.Cmd
		stdin  io.WriteCloser
		stdout *bufio.Reader
		stderr bytes.Buffer
	}
	procs := make([]*proc, n)
	for i := range procs {
		p := &proc{cmd: exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")}
		p.cmd.Env = append(os.Environ(), helperURLEnv+"="+url)
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
		procs[i] = p
	}
	for i, p := range procs {
		if line, err := p.stdout.ReadString('\n'); line != "ready\n" {
			p.cmd.Wait()
			t.Fatalf("process %d did not get ready: %q, %v, stderr: %s", i, line, err, &p.stderr)
		}
	}
	for _, p := range procs {
		p.stdin.Close()
	}
	var all strings.Builder
	for i, p := range procs {
		rest, _ := io.ReadAll(p.stdout)
		all.Write(rest)
		if err := p.cmd.Wait(); err != nil {
			t.Errorf("process %d: %v: %s", i, err, &p.stderr)
		}
	}
	return all.String()
}

func testConcurrentProcessesApplyEachMigrationOnce(t *testing.T, url string, gdb *gorm.DB, processes int) {
	out := migrateInProcesses(t, url, processes)
	var ns []int
	if err := gdb.Raw(`SELECT "n" FROM "counter" ORDER BY "n"`).Scan(&ns).Error; err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ns) != "[2 3 4 5 6]" {
		t.Errorf("counter rows = %v, want [2 3 4 5 6]: some migration ran twice or not at all", ns)
	}
	wantRecorded(t, gdb, "c01", "c02", "c03", "c04", "c05", "c06")
	if n := strings.Count(out, `msg="applied migration"`); n != 6 {
		t.Errorf("processes logged %d applied migrations, want 6:\n%s", n, out)
	}
}

func TestConcurrentProcessesApplyEachMigrationOncePostgres(t *testing.T) {
	url := testdb.PostgresURL(t)
	gdb, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB, _ := gdb.DB(); sqlDB.Close() })
	testConcurrentProcessesApplyEachMigrationOnce(t, url, gdb, 8)
}

func TestConcurrentProcessesApplyEachMigrationOnceSQLite(t *testing.T) {
	url := "sqlite:" + filepath.Join(t.TempDir(), "shared.db")
	gdb, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB, _ := gdb.DB(); sqlDB.Close() })
	testConcurrentProcessesApplyEachMigrationOnce(t, url, gdb, 4)
}
