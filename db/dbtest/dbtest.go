package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
)

// NewDB returns a fresh PostgreSQL database at the head of h, cloned from
// the history's template (built first when missing), and drops it when t
// ends. Its pool is opened with connect.Open.
func NewDB(t testing.TB, h *history.History, opts ...Option) *gorm.DB {
	t.Helper()
	cfg := mustConfig(t, h, opts)
	gdb, err := newPostgres(t, h, cfg)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	return gdb
}

// NewSQLite returns a fresh SQLite database at the head of h, a copy of a
// file migrated once per process, in t's temporary directory.
func NewSQLite(t testing.TB, h *history.History, opts ...Option) *gorm.DB {
	t.Helper()
	cfg := mustConfig(t, h, opts)
	gdb, err := newSQLite(t, h, cfg)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	return gdb
}

// Both runs f as parallel subtests "postgres" and "sqlite", each on a
// fresh database at the head of h.
func Both(t *testing.T, h *history.History, f func(t *testing.T, gdb *gorm.DB), opts ...Option) {
	t.Helper()
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		f(t, NewDB(t, h, opts...))
	})
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		f(t, NewSQLite(t, h, opts...))
	})
}

func mustConfig(t testing.TB, h *history.History, opts []Option) *config {
	t.Helper()
	if h == nil {
		t.Fatal("dbtest: the history is nil")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Key is the hash NewDB and NewSQLite name h's template by: 16 hex digits
// of a SHA-256 over the migrations' IDs and checksums, in order, and key.
func Key(h *history.History, key string) string {
	s := sha256.New()
	for _, m := range h.Migrations() {
		fmt.Fprintf(s, "%s\x00%s\n", m.ID, m.Checksum)
	}
	fmt.Fprintf(s, "key\x00%s", key)
	return hex.EncodeToString(s.Sum(nil))[:16]
}

// migrate brings gdb to the head of h, logging nothing.
func migrate(ctx context.Context, gdb *gorm.DB, h *history.History, cfg *config) error {
	opts := append([]migrator.Option{migrator.WithLogger(slog.New(slog.DiscardHandler))}, cfg.migrate...)
	m, err := migrator.New(gdb, h, opts...)
	if err != nil {
		return fmt.Errorf("migrate the template to %s: %w", h.Head(), err)
	}
	if err := m.Up(ctx); err != nil {
		return fmt.Errorf("migrate the template to %s: %w", h.Head(), err)
	}
	return nil
}

// onceMap runs a build once per key and remembers its result; a failed
// build is forgotten so that a later call tries again.
type onceMap[T any] struct {
	mu    sync.Mutex
	calls map[string]*onceCall[T]
}

type onceCall[T any] struct {
	once sync.Once
	val  T
	err  error
}

func (m *onceMap[T]) do(key string, build func() (T, error)) (T, error) {
	m.mu.Lock()
	if m.calls == nil {
		m.calls = map[string]*onceCall[T]{}
	}
	c, ok := m.calls[key]
	if !ok {
		c = &onceCall[T]{}
		m.calls[key] = c
	}
	m.mu.Unlock()
	c.once.Do(func() { c.val, c.err = build() })
	if c.err != nil {
		m.forget(key, c)
	}
	return c.val, c.err
}

// forget drops key's result if it is still c, so the next call builds again.
func (m *onceMap[T]) forget(key string, c *onceCall[T]) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.calls[key] == c {
		delete(m.calls, key)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// unavailable skips t, or fails it under CI=true, where a test must never
// pass by skipping.
func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("dbtest: %v (under CI=true a PostgreSQL test fails instead of skipping)", err)
	}
	t.Skipf("skipping: %v", err)
}

// forgetKey drops key's result, so the next call builds again.
func (m *onceMap[T]) forgetKey(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.calls, key)
}
