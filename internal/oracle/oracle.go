package oracle

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/glebarez/sqlite"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Open opens a fresh, empty database of dialect d for t with cfg (nil is
// GORM's defaults; a nil Logger is silent), closed and removed when t ends.
// cfg is copied, never modified.
func Open(t testing.TB, d dialect.Dialect, cfg *gorm.Config) *gorm.DB {
	t.Helper()
	var dialector gorm.Dialector
	switch d {
	case dialect.Postgres:
		dialector = postgres.Open(testdb.PostgresURL(t))
	case dialect.SQLite:
		dialector = sqlite.Open(testdb.SQLiteDSN(testdb.SQLitePath(t)))
	default:
		t.Fatalf("oracle: unsupported dialect %q", d)
	}
	c := gorm.Config{}
	if cfg != nil {
		c = *cfg
	}
	if c.Logger == nil {
		c.Logger = logger.Discard
	}
	gdb, err := gorm.Open(dialector, &c)
	if err != nil {
		t.Fatalf("oracle: open %s: %v", d, err)
	}
	t.Cleanup(func() {
		if sqlDB, err := gdb.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return gdb
}

// AutoMigrate opens a fresh database of dialect d for t with the set's
// gorm.Config (see Open), runs GORM's AutoMigrate of the set on it and
// returns the schema read back from its catalog, with the database for
// further checks. A failing AutoMigrate or read fails t.
func AutoMigrate(t testing.TB, d dialect.Dialect, set Set) (*schema.Schema, *gorm.DB) {
	t.Helper()
	gdb := Open(t, d, set.config())
	if err := set.migrate(gdb.WithContext(t.Context())); err != nil {
		t.Fatalf("oracle: AutoMigrate on %s: %v", d, err)
	}
	s, err := inspect.Schema(t.Context(), gdb)
	if err != nil {
		t.Fatalf("oracle: read the schema AutoMigrate built on %s: %v", d, err)
	}
	return s, gdb
}

// DDL runs GORM's AutoMigrate of the set on gdb, a database built in any
// way and opened with the set's gorm.Config, and returns the statements it sent that change the database (every
// statement but SELECT, PRAGMA, SHOW and WITH queries), in order. An empty
// result means AutoMigrate found nothing to do. gdb's own gorm.Config
// (naming strategy, foreign key settings) applies; its logger is replaced
// for the run only.
func DDL(ctx context.Context, gdb *gorm.DB, set Set) ([]string, error) {
	rec := &recorder{}
	session := gdb.Session(&gorm.Session{Logger: rec, NewDB: true}).WithContext(ctx)
	if err := set.migrate(session); err != nil {
		return rec.writes(), fmt.Errorf("AutoMigrate on a %s database: %w", gdb.Dialector.Name(), err)
	}
	return rec.writes(), nil
}

// AssertSameJSON fails t, showing both, when got and want (schemas) do not
// serialise to the same JSON.
func AssertSameJSON(t testing.TB, what string, got, want any) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	if string(g) != string(w) {
		t.Errorf("%s:\n%s\nwant:\n%s", what, g, w)
	}
}
