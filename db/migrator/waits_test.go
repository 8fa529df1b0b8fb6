package migrator

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/matar-app/matardb/internal/testdb"
)

func TestARunWaitingForAnotherProcessesSQLiteWriteLockFailsSayingWhatItWaitedFor(t *testing.T) {
	t.Parallel()
	url := "sqlite:" + filepath.Join(t.TempDir(), "busy.db")
	holder := openURL(t, url)
	tx := holder.Begin() // BEGIN IMMEDIATE: the database's write lock
	if tx.Error != nil {
		t.Fatal(tx.Error)
	}
	defer tx.Rollback()

	opts, _ := testOpts(mustHistory(t, tableChain(1)...))
	start := time.Now()
	err := testMigrate(ctx, openURL(t, url), opts...)
	if err == nil || !strings.HasPrefix(err.Error(), "timed out after the busy timeout (10s unless the SQLite URL sets busy_timeout=) waiting for another process to release the SQLite database's write lock") {
		t.Fatalf("err = %v, want a sentence naming SQLite's write lock first", err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the run failed after %v, want about the 10s busy timeout", took)
	}
}

// TestARunWhoseNextConnectionGetsNoAnswerFailsSayingItWaitedForTheConnection
// lets the run's first connection through to PostgreSQL and makes every
// later one silent: the run's second connection (it has work) must fail
// within the connect timeout with a sentence naming it.
func TestARunWhoseNextConnectionGetsNoAnswerFailsSayingItWaitedForTheConnection(t *testing.T) {
	t.Parallel()
	direct, err := url.Parse(testdb.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := startProxy(t, direct.Host)
	direct.Host = p.addr
	direct.RawQuery += "&connect_timeout=1"
	gdb := openURL(t, direct.String())
	p.silence(false)
	opts, _ := testOpts(mustHistory(t, tableChain(1)...), WithLockWait(time.Minute))
	start := time.Now()
	err = testMigrate(ctx, gdb, opts...)
	if err == nil || !strings.HasPrefix(err.Error(), "the database server did not complete a new connection within the connect timeout") {
		t.Fatalf("err = %v, want a sentence naming the connection it waited for", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the run gave up after %v with a 1s connect timeout", took)
	}
}
