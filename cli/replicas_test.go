package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/internal/testdb"
)

// startAll starts n runs of the binary with args at once on url and
// returns how each ended.
func startAll(t *testing.T, url string, n int, args ...string) []result {
	t.Helper()
	cmds := make([]*exec.Cmd, n)
	outs := make([][2]bytes.Buffer, n)
	for i := range cmds {
		c := exec.Command(binary, args...)
		c.Dir = repoRoot
		c.Env = append(os.Environ(), "DATABASE_URL="+url)
		c.Stdout, c.Stderr = &outs[i][0], &outs[i][1]
		cmds[i] = c
	}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	results := make([]result, n)
	for i, c := range cmds {
		err := c.Wait()
		results[i] = result{stdout: outs[i][0].String(), stderr: outs[i][1].String()}
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			results[i].code = exit.ExitCode()
		case err != nil:
			t.Fatalf("process %d: %v", i, err)
		}
	}
	return results
}

// bookkeepingRow is what a replica test checks of a row.
type bookkeepingRow struct {
	ID         string
	Seq        int64
	Status     string
	DurationMs *int64
}

func TestSixteenUpgradeProcessesAtOnceApplyTheHistoryOnceAndOnlyOneReportsApplying(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	testSixteenUpgrades(t, url, testdb.LimitedRole(t, url, sixteen+1)) // N + 1 connections for N replicas
}

// sixteen is how many processes the replica tests start at once.
const sixteen = 16

// testSixteenUpgrades runs sixteen upgrade processes at once on runURL, a
// way to the database at url, and checks on url that the history was
// applied once, by one of them, into the schema a single upgrade builds.
func testSixteenUpgrades(t *testing.T, url, runURL string) {
	const processes = sixteen
	h := theHistory(t)
	results := startAll(t, runURL, processes, "upgrade")

	appliers, waited := 0, 0
	for i, r := range results {
		if strings.Contains(r.stderr, "another process applied") {
			waited++
		}
		if r.code != exitOK {
			t.Errorf("process %d: %v", i, r)
			continue
		}
		if r.stdout != "database at "+h.Head()+" (head)\n" {
			t.Errorf("process %d stdout = %q, want the head", i, r.stdout)
		}
		switch {
		case strings.Contains(r.stderr, `msg="applied migration"`):
			appliers++
			for _, m := range h.Migrations() {
				wantContains(t, fmt.Sprintf("stderr of process %d", i), r.stderr, `msg="applied migration" id=`+m.ID)
			}
		case !strings.Contains(r.stderr, `msg="the database is up to date`):
			t.Errorf("process %d neither applied migrations nor reported the database up to date: %v", i, r)
		}
	}
	if appliers != 1 {
		t.Errorf("%d processes reported applying migrations, want exactly one", appliers)
	}
	t.Logf("%d processes waited for the lock, then found the migrations applied", waited)

	gdb := open(t, url)
	var rows []bookkeepingRow
	if err := gdb.Raw(`SELECT id, seq, status, duration_ms FROM migrations ORDER BY seq`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != h.Len() {
		t.Fatalf("the bookkeeping table has %d rows, want one per migration (%d): %+v", len(rows), h.Len(), rows)
	}
	for i, row := range rows {
		if m := h.At(i); row.ID != m.ID || row.Seq != int64(i+1) || row.Status != string(migrator.StateApplied) || row.DurationMs == nil {
			t.Errorf("row %d = %+v, want %s applied once, seq %d, timed", i, row, m.ID, i+1)
		}
	}
	reference := testdb.PostgresURL(t)
	wantExit(t, matardbAt(t, reference, "upgrade"), exitOK)
	if got, want := schemaOf(t, gdb), schemaOf(t, open(t, reference)); !reflect.DeepEqual(got, want) {
		t.Errorf("the schema 16 processes built differs from the one a single upgrade builds:\n got %v\nwant %v",
			got.TableNames(), want.TableNames())
	}
}
