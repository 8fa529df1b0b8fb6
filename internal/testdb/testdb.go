// Package testdb gives each test a database of its own on the real servers
// matardb supports: a fresh PostgreSQL database on the local server, or a
// fresh SQLite file. Both are removed when the test ends.
//
// PostgreSQL is found through MATARDB_TEST_POSTGRES (a URL to an existing
// database used only to create and drop the test databases), by default
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable. When the server
// cannot be reached the test is skipped, except under CI=true, where it fails:
// CI must never pass by skipping.
package testdb

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// AdminURL is the PostgreSQL database the test databases are created from.
func AdminURL() string {
	if u := os.Getenv("MATARDB_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// PostgresURL creates a fresh, empty PostgreSQL database for t, drops it when
// t ends (ending its connections first), and returns its URL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin, err := gorm.Open(postgres.Open(AdminURL()), quiet())
	if err == nil {
		err = admin.Exec("SELECT 1").Error
	}
	if err != nil {
		unavailable(t, fmt.Errorf("PostgreSQL at %s: %w", redact(AdminURL()), err))
	}
	name := "matardb_test_" + randomHex(6)
	if err := admin.Exec(`CREATE DATABASE "` + name + `"`).Error; err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()`, name)
		if err := admin.Exec(`DROP DATABASE IF EXISTS "` + name + `"`).Error; err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
		if sqlDB, err := admin.DB(); err == nil {
			sqlDB.Close()
		}
	})
	u, _ := url.Parse(AdminURL())
	u.Path = "/" + name
	return u.String()
}

// Postgres opens a fresh PostgreSQL database for t (see PostgresURL).
func Postgres(t testing.TB) *gorm.DB {
	t.Helper()
	return open(t, postgres.Open(PostgresURL(t)))
}

// SQLitePath returns the path of a fresh SQLite file in t's temporary directory.
func SQLitePath(t testing.TB) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "test.db")
}

// SQLiteDSN is the driver DSN db.Open uses for a SQLite file (a test in db
// keeps the two equal; testdb cannot import db): foreign keys
// enforced, a busy timeout instead of immediate "database is locked" errors,
// WAL journaling, and transactions that take the write lock when they begin.
func SQLiteDSN(path string) string {
	return path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate"
}

// SQLite opens a fresh SQLite database file for t.
func SQLite(t testing.TB) *gorm.DB {
	t.Helper()
	return open(t, sqlite.Open(SQLiteDSN(SQLitePath(t))))
}

func open(t testing.TB, d gorm.Dialector) *gorm.DB {
	t.Helper()
	gdb, err := gorm.Open(d, quiet())
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		if sqlDB, err := gdb.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return gdb
}

// Both runs f as a subtest on a fresh PostgreSQL and a fresh SQLite database.
func Both(t *testing.T, f func(t *testing.T, gdb *gorm.DB)) {
	t.Run("postgres", func(t *testing.T) { f(t, Postgres(t)) })
	t.Run("sqlite", func(t *testing.T) { f(t, SQLite(t)) })
}

func quiet() *gorm.Config { return &gorm.Config{Logger: logger.Discard} }

func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%v (under CI=true a PostgreSQL test fails instead of skipping)", err)
	}
	t.Skipf("skipping: %v", err)
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
