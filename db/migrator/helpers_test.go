package migrator

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/benchutil"
)

// sqlMig is a migration that runs up and rolls back with down (no Rollback
// when down is empty).
func sqlMig(id, parent, up, down string) history.Migration {
	m := history.Migration{ID: id, Parent: parent, Message: "migration " + id,
		Migrate: func(tx *gorm.DB) error { return tx.Exec(up).Error }}
	if down != "" {
		m.Rollback = func(tx *gorm.DB) error { return tx.Exec(down).Error }
	}
	return m
}

// tableChain is n migrations m01…, each creating table t01… and dropping it
// on rollback.
func tableChain(n int) []history.Migration {
	ms := make([]history.Migration, n)
	for i := range ms {
		parent := ""
		if i > 0 {
			parent = ms[i-1].ID
		}
		id := fmt.Sprintf("m%02d", i+1)
		table := fmt.Sprintf("t%02d", i+1)
		ms[i] = sqlMig(id, parent, fmt.Sprintf(`CREATE TABLE %q (x integer)`, table), fmt.Sprintf(`DROP TABLE %q`, table))
	}
	return ms
}

func mustHistory(t testing.TB, ms ...history.Migration) *history.History {
	t.Helper()
	h, err := history.New(ms...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// logBuffer collects log lines for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newLog() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelInfo})), b
}

// testOpts are the options every test passes: its history and a logger
// whose output the test can read.
func testOpts(h *history.History, more ...Option) ([]Option, *logBuffer) {
	l, b := newLog()
	return append([]Option{withHistory(h), WithLogger(l)}, more...), b
}

func tableExists(t testing.TB, gdb *gorm.DB, table string) bool {
	t.Helper()
	d, err := backendOf(gdb)
	if err != nil {
		t.Fatal(err)
	}
	cols, err := d.columns(gdb, table)
	if err != nil {
		t.Fatal(err)
	}
	return len(cols) > 0
}

// recorded returns the IDs in the bookkeeping table in seq order.
func recorded(t testing.TB, gdb *gorm.DB) []string {
	t.Helper()
	var ids []string
	if err := gdb.Raw(`SELECT "id" FROM "migrations" ORDER BY "seq", "id"`).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

func wantRecorded(t testing.TB, gdb *gorm.DB, want ...string) {
	t.Helper()
	if got := recorded(t, gdb); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Fatalf("bookkeeping rows = %v, want %v", got, want)
	}
}

func wantTables(t testing.TB, gdb *gorm.DB, present []string, absent []string) {
	t.Helper()
	for _, name := range present {
		if !tableExists(t, gdb, name) {
			t.Errorf("table %s is missing", name)
		}
	}
	for _, name := range absent {
		if tableExists(t, gdb, name) {
			t.Errorf("table %s exists, want it absent", name)
		}
	}
}

// countStatements counts the statements gdb sends from now on through
// GORM's callbacks (see benchutil.CountQueries).
func countStatements(t testing.TB, gdb *gorm.DB) *atomic.Int64 {
	t.Helper()
	n := &atomic.Int64{}
	if err := benchutil.CountQueries(gdb, n); err != nil {
		t.Fatal(err)
	}
	return n
}

// migrateCounted runs testMigrate with opts on gdb's database and returns
// the statements the run sent: on PostgreSQL every statement pgx sends, on
// a pool of its own (the up-to-date question goes to the pool directly, not
// through GORM's callbacks); on SQLite those through GORM's callbacks.
func migrateCounted(t testing.TB, gdb *gorm.DB, opts ...Option) int64 {
	t.Helper()
	if d, ok := gdb.Dialector.(*postgres.Dialector); ok {
		c, err := benchutil.OpenPostgres(ctx, d.Config.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		before := c.Statements()
		if err := testMigrate(ctx, c.DB, opts...); err != nil {
			t.Fatal(err)
		}
		return c.Statements() - before
	}
	count := countStatements(t, gdb.Session(&gorm.Session{NewDB: true}))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	return count.Load()
}

var ctx = context.Background()

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}

// The tests describe each scenario as one slice of options, as the package
// took them before the Migrator: withHistory and withTarget carry what New
// and UpTo take as arguments, and testMigrate, testRollback, testStamp,
// testStatus and testCurrent build the Migrator and call its method.

type historyOption struct{ h *history.History }

func (historyOption) apply(*config) error { return nil }

type targetOption struct{ id string }

func (targetOption) apply(*config) error { return nil }

func withHistory(h *history.History) Option { return historyOption{h} }

func withTarget(id string) Option { return targetOption{id} }

// build splits opts into New's arguments and UpTo's target ("" for none).
func build(gdb *gorm.DB, opts []Option) (*Migrator, string, error) {
	var h *history.History
	var target string
	var rest []Option
	for _, o := range opts {
		switch o := o.(type) {
		case historyOption:
			h = o.h
		case targetOption:
			target = o.id
		default:
			rest = append(rest, o)
		}
	}
	m, err := New(gdb, h, rest...)
	return m, target, err
}

func testMigrate(ctx context.Context, gdb *gorm.DB, opts ...Option) error {
	m, target, err := build(gdb, opts)
	switch {
	case err != nil:
		return err
	case target != "":
		return m.UpTo(ctx, target)
	}
	return m.Up(ctx)
}

func testRollback(ctx context.Context, gdb *gorm.DB, target string, opts ...Option) error {
	m, _, err := build(gdb, opts)
	if err != nil {
		return err
	}
	return m.Down(ctx, target)
}

func testStamp(ctx context.Context, gdb *gorm.DB, target string, opts ...Option) error {
	m, _, err := build(gdb, opts)
	if err != nil {
		return err
	}
	return m.Stamp(ctx, target)
}

func testStatus(ctx context.Context, gdb *gorm.DB, opts ...Option) ([]MigrationStatus, error) {
	m, _, err := build(gdb, opts)
	if err != nil {
		return nil, err
	}
	return m.Status(ctx)
}

func testCurrent(ctx context.Context, gdb *gorm.DB, opts ...Option) (string, error) {
	m, _, err := build(gdb, opts)
	if err != nil {
		return "", err
	}
	return m.Current(ctx)
}
