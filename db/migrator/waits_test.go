package migrator

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	if err == nil || !strings.HasPrefix(err.Error(), "timed out after 10s (busy_timeout) waiting for another process to release the SQLite database's write lock") {
		t.Fatalf("err = %v, want a sentence naming SQLite's write lock first", err)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("the run failed after %v, want about the 10s busy timeout", took)
	}
}
