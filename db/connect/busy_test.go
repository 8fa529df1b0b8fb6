package connect

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// busyTimeout reads back the busy timeout a connection of gdb has, in ms.
func busyTimeout(t *testing.T, gdb *gorm.DB) int {
	t.Helper()
	var ms int
	if err := gdb.Raw("PRAGMA busy_timeout").Scan(&ms).Error; err != nil {
		t.Fatal(err)
	}
	return ms
}

// A SQLite URL's busy_timeout= sets how long a write waits for another
// connection's write lock; without it the wait stays 10 s.
func TestSQLiteBusyTimeoutFromTheURLBoundsTheWaitForTheWriteLock(t *testing.T) {
	t.Parallel()
	path := testdb.SQLitePath(t)
	holder, err := Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB(t, holder)
	if got := busyTimeout(t, holder); got != 10000 {
		t.Errorf("default PRAGMA busy_timeout = %d, want 10000", got)
	}
	if err := holder.Exec(`CREATE TABLE "n" ("x" integer)`).Error; err != nil {
		t.Fatal(err)
	}
	waiter, err := Open(ctx, "sqlite:"+path+"?busy_timeout=300ms")
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB(t, waiter)
	if got := busyTimeout(t, waiter); got != 300 {
		t.Errorf("PRAGMA busy_timeout = %d with busy_timeout=300ms, want 300", got)
	}

	tx := holder.Begin() // BEGIN IMMEDIATE: takes the write lock
	defer tx.Rollback()
	if err := tx.Exec(`INSERT INTO "n" VALUES (1)`).Error; err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = waiter.Exec(`INSERT INTO "n" VALUES (2)`).Error
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") {
		t.Fatalf("a write while another connection holds the write lock: err = %v, want SQLITE_BUSY", err)
	}
	if took < 250*time.Millisecond || took > 3*time.Second {
		t.Errorf("the write failed after %v, want about the 300ms busy timeout", took)
	}
	if err := tx.Rollback().Error; err != nil {
		t.Fatal(err)
	}
	if err := waiter.Exec(`INSERT INTO "n" VALUES (2)`).Error; err != nil {
		t.Errorf("a write once the lock is free: %v", err)
	}
}

func TestSQLiteBusyTimeoutRejectsBadValuesNamingTheParameter(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"busy_timeout=10", "busy_timeout=abc", "busy_timeout=-1s", "busy_timeout=1500us",
		"busy_timeout=1s&busy_timeout=2s", "busy_timeout=", "busy_timout=1s"} {
		url := "sqlite:x.db?" + q
		_, _, err := ParseURL(url)
		// The sentence after the URL it quotes names the parameter.
		if !errors.Is(err, ErrBadURL) || !strings.Contains(strings.TrimPrefix(err.Error(), "invalid database URL "+url), "busy_tim") {
			t.Errorf("ParseURL(%s) = %v, want ErrBadURL naming the parameter", url, err)
			continue
		}
		t.Log(err)
	}
}
