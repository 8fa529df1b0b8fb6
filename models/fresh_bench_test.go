package models

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/dbtest"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/internal/benchutil"
	"github.com/matar-app/matardb/internal/testdb"
	"github.com/matar-app/matardb/migrations"
)

// BenchmarkFreshDatabase measures what a test pays for a database of its
// own with Matar's schema, connection included: on PostgreSQL, cloning
// dbtest's template, CREATE DATABASE then db.Migrate, CREATE DATABASE then
// GORM's AutoMigrate of the models, and CREATE DATABASE alone (no
// schema); on SQLite, copying a migrated file (what dbtest.NewSQLite does)
// against migrating a new file. Each op opens a pool on the new database,
// sends one query (or the schema step) and closes it; dropping is not
// timed. On a shared machine the time of CREATE DATABASE varies several
// fold from one second to the next, so each iteration runs every way
// once, in turn, and each is reported as its own metric (ms/op of that
// way); ns/op is their sum.
func BenchmarkFreshDatabase(b *testing.B) {
	h, err := migrations.All()
	if err != nil {
		b.Fatal(err)
	}
	admin := testdb.Postgres(b)
	dbtest.NewDB(b, h) // builds the template, once per machine and history
	tpl := dbtest.DefaultPrefix + "_tpl_" + dbtest.Key(h, "")
	ctx := context.Background()
	migrate := func(g *gorm.DB) error {
		return db.Migrate(ctx, g, migrator.WithLogger(slog.New(slog.DiscardHandler)))
	}
	selectOne := func(g *gorm.DB) error { return g.Exec("SELECT 1").Error }
	b.Run("postgres", func(b *testing.B) {
		n := 0
		pg := func(create string, schema func(*gorm.DB) error) func() error {
			return func() error {
				n++
				name := fmt.Sprintf("bench_fresh_%d_%d", os.Getpid(), n)
				b.Cleanup(func() { admin.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %q WITH (FORCE)`, name)) })
				return freshPostgres(ctx, admin, name, create, schema)
			}
		}
		benchutil.Interleave(b, "ms",
			benchutil.Way{Name: "template-clone", Run: pg(` TEMPLATE "`+tpl+`"`, selectOne)},
			benchutil.Way{Name: "create-and-migrate", Run: pg("", migrate)},
			benchutil.Way{Name: "create-and-automigrate", Run: pg("", func(g *gorm.DB) error { return g.AutoMigrate(All()...) })},
			benchutil.Way{Name: "create-empty", Run: pg("", selectOne)},
		)
	})
	image := sqliteImage(b, migrate)
	b.Run("sqlite", func(b *testing.B) {
		benchutil.Interleave(b, "ms",
			benchutil.Way{Name: "copy", Run: func() error {
				path := filepath.Join(b.TempDir(), "copy.db")
				if err := os.WriteFile(path, image, 0o600); err != nil {
					return err
				}
				return withSQLite(ctx, path, selectOne)
			}},
			benchutil.Way{Name: "migrate", Run: func() error { return withSQLite(ctx, filepath.Join(b.TempDir(), "new.db"), migrate) }},
		)
	})
}

// freshPostgres creates database name (with the clause create appended),
// opens a pool on it, runs schema and closes the pool.
func freshPostgres(ctx context.Context, admin *gorm.DB, name, create string, schema func(*gorm.DB) error) error {
	if err := admin.Exec(fmt.Sprintf(`CREATE DATABASE %q`, name) + create).Error; err != nil {
		return err
	}
	u, err := url.Parse(testdb.AdminURL())
	if err != nil {
		return err
	}
	u.Path = "/" + name
	return withPool(ctx, u.String(), schema)
}

func withSQLite(ctx context.Context, path string, f func(*gorm.DB) error) error {
	return withPool(ctx, "sqlite:"+path, f)
}

// withPool opens url with db.Open, runs f and closes the pool.
func withPool(ctx context.Context, dbURL string, f func(*gorm.DB) error) error {
	g, err := db.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer func() {
		if s, err := g.DB(); err == nil {
			s.Close()
		}
	}()
	return f(g)
}

// sqliteImage is the bytes of a SQLite file migrate brought to head.
func sqliteImage(b *testing.B, migrate func(*gorm.DB) error) []byte {
	b.Helper()
	path := filepath.Join(b.TempDir(), "image.db")
	err := withSQLite(context.Background(), path, func(g *gorm.DB) error {
		if err := migrate(g); err != nil {
			return err
		}
		return g.Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error
	})
	if err != nil {
		b.Fatal(err)
	}
	image, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return image
}
