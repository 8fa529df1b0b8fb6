package dbtest

import (
	"context"
	"fmt"
	"hash/fnv"
	"net/url"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/history"
)

var (
	admins    onceMap[*gorm.DB] // admin URL → its pool, kept for the process
	templates onceMap[string]   // admin URL, template name → the template, ready
)

// newPostgres clones the template of h into a new database for t. A clone
// that fails (another process may have dropped the template as stale)
// ensures the template again and retries once.
func newPostgres(t testing.TB, h *history.History, cfg *config) (*gorm.DB, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	admin, err := admins.do(cfg.adminURL, func() (*gorm.DB, error) { return openAdmin(ctx, cfg.adminURL) })
	if err != nil {
		unavailable(t, err)
	}
	tpl := cfg.prefix + "_tpl_" + Key(h, cfg.key)
	name := cfg.prefix + "_" + randomHex(6)
	err = clone(ctx, admin, h, cfg, tpl, name)
	if err != nil {
		templates.forgetKey(cfg.adminURL + " " + tpl)
		err = clone(ctx, admin, h, cfg, tpl, name)
	}
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { dropDatabase(admin, name, t) })
	gdb, err := connect.Open(ctx, databaseURL(cfg.adminURL, name))
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { closeDB(gdb) })
	return gdb, nil
}

// clone ensures the template tpl and creates name from it.
func clone(ctx context.Context, admin *gorm.DB, h *history.History, cfg *config, tpl, name string) error {
	_, err := templates.do(cfg.adminURL+" "+tpl, func() (string, error) {
		return tpl, ensureTemplate(ctx, admin, h, cfg, tpl)
	})
	if err != nil {
		return err
	}
	if err := admin.WithContext(ctx).Exec(fmt.Sprintf(`CREATE DATABASE %q TEMPLATE %q`, name, tpl)).Error; err != nil {
		return fmt.Errorf("create database %s from template %s: %w", name, tpl, err)
	}
	return nil
}

func openAdmin(ctx context.Context, adminURL string) (*gorm.DB, error) {
	gdb, err := gorm.Open(postgres.Open(adminURL), &gorm.Config{Logger: logger.Discard, DisableAutomaticPing: true})
	if err == nil {
		err = gdb.WithContext(ctx).Exec("SELECT 1").Error
	}
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL at %s: %w", connect.RedactURL(adminURL), err)
	}
	return gdb, nil
}

// ensureTemplate makes tpl exist, holding the prefix's advisory lock on
// one admin connection: it builds tpl when missing, and drops the other
// templates of the prefix and what interrupted builds left.
func ensureTemplate(ctx context.Context, admin *gorm.DB, h *history.History, cfg *config, tpl string) error {
	return admin.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		key := lockKey(cfg.prefix)
		if err := conn.Exec("SELECT pg_advisory_lock(?)", key).Error; err != nil {
			return fmt.Errorf("wait for the template lock of prefix %s: %w", cfg.prefix, err)
		}
		defer conn.WithContext(context.WithoutCancel(ctx)).Exec("SELECT pg_advisory_unlock(?)", key)
		var n int64
		if err := conn.Raw("SELECT count(*) FROM pg_database WHERE datname = ?", tpl).Scan(&n).Error; err != nil {
			return fmt.Errorf("look for template %s: %w", tpl, err)
		}
		if err := dropStale(conn, cfg.prefix, tpl); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		return buildTemplate(ctx, conn, h, cfg, tpl)
	})
}

// dropStale drops the templates of prefix other than keep, and the
// temporary databases of interrupted builds (no build runs while the
// caller holds the lock).
func dropStale(conn *gorm.DB, prefix, keep string) error {
	var stale []string
	err := conn.Raw(`SELECT datname FROM pg_database WHERE (left(datname, ?) = ? OR left(datname, ?) = ?) AND datname <> ?`,
		len(prefix)+5, prefix+"_tpl_", len(prefix)+5, prefix+"_tmp_", keep).Scan(&stale).Error
	if err != nil {
		return fmt.Errorf("list the stale templates of prefix %s: %w", prefix, err)
	}
	for _, name := range stale {
		if err := conn.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %q WITH (FORCE)`, name)).Error; err != nil {
			return fmt.Errorf("drop stale template %s: %w", name, err)
		}
	}
	return nil
}

// buildTemplate migrates a new database under a temporary name, then
// renames it to tpl and closes it to connections.
func buildTemplate(ctx context.Context, conn *gorm.DB, h *history.History, cfg *config, tpl string) error {
	tmp := cfg.prefix + "_tmp_" + randomHex(6)
	if err := conn.Exec(fmt.Sprintf(`CREATE DATABASE %q`, tmp)).Error; err != nil {
		return fmt.Errorf("create database %s for template %s: %w", tmp, tpl, err)
	}
	err := migrateDatabase(ctx, databaseURL(cfg.adminURL, tmp), h, cfg)
	if err == nil {
		err = conn.Exec(fmt.Sprintf(`ALTER DATABASE %q RENAME TO %q`, tmp, tpl)).Error
	}
	if err == nil {
		err = conn.Exec(fmt.Sprintf(`ALTER DATABASE %q ALLOW_CONNECTIONS false`, tpl)).Error
	}
	if err != nil {
		conn.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %q WITH (FORCE)`, tmp))
		return fmt.Errorf("build template %s: %w", tpl, err)
	}
	return nil
}

// migrateDatabase opens u, migrates it to the head of h and closes it.
func migrateDatabase(ctx context.Context, u string, h *history.History, cfg *config) error {
	gdb, err := connect.Open(ctx, u)
	if err != nil {
		return err
	}
	defer closeDB(gdb)
	return migrate(ctx, gdb, h, cfg)
}

// dropDatabase drops name, ending its connections, within a bounded wait.
func dropDatabase(admin *gorm.DB, name string, t testing.TB) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := admin.WithContext(ctx).Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %q WITH (FORCE)`, name)).Error; err != nil {
		t.Errorf("dbtest: drop test database %s: %v", name, err)
	}
}

func closeDB(gdb *gorm.DB) {
	if sqlDB, err := gdb.DB(); err == nil {
		sqlDB.Close()
	}
}

// databaseURL is adminURL with its database replaced by name.
func databaseURL(adminURL, name string) string {
	u, err := url.Parse(adminURL)
	if err != nil {
		return adminURL
	}
	u.Path = "/" + name
	return u.String()
}

// lockKey is the advisory lock key of prefix's templates.
func lockKey(prefix string) int64 {
	f := fnv.New64a()
	f.Write([]byte("dbtest template " + prefix))
	return int64(f.Sum64())
}
