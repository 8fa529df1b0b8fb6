package connect

import (
	"context"
	"fmt"
	"strings"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
)

// Open connects to the database at url (see ParseURL for the accepted
// forms) and checks the connection with ctx, so an unreachable host or a
// refused login fails here (on PostgreSQL by opening one connection, which
// the first query then reuses without a ping). A SQLite connection waits
// for another connection's write lock for the URL's busy_timeout (a Go
// duration, sqlite:PATH?busy_timeout=2s), DefaultBusyTimeout (10s) without
// it, then fails with SQLITE_BUSY.
//
// GORM runs under WithGORMConfig's configuration (default: GORM's own),
// logs nothing unless WithQueryLogger says otherwise, and its NowFunc
// returns UTC unless the configuration sets one: created_at and updated_at are timestamp without time zone.
// Errors show the URL with its password redacted. The returned *gorm.DB is
// safe for concurrent use; close it with its DB().Close().
func Open(ctx context.Context, url string, opts ...Option) (*gorm.DB, error) {
	cfg := config{connectTimeout: DefaultConnectTimeout}
	for _, o := range opts {
		if err := o.apply(&cfg); err != nil {
			return nil, err
		}
	}
	d, dsn, err := ParseURL(url)
	if err != nil {
		return nil, err
	}
	shown := RedactURL(url)
	if d == dialect.SQLite {
		file, err := checkSQLite(url, dsn, cfg.readOnly)
		if err != nil {
			return nil, err
		}
		shown = url + " (file " + file + ")"
	}
	gdb, err := connect(ctx, d, dsn, &cfg)
	if err != nil {
		return nil, redactErr(fmt.Errorf("open database %s: %w", shown, connectError(err)), urlSecrets(url))
	}
	return gdb, nil
}

func connect(ctx context.Context, d dialect.Dialect, dsn string, cfg *config) (*gorm.DB, error) {
	var dialector gorm.Dialector
	switch d {
	case dialect.Postgres:
		dialector = postgres.New(postgres.Config{DSN: postgresDSN(dsn, cfg.connectTimeout), OptionOpenDB: pgxOptions()})
	case dialect.SQLite:
		dialector = sqlite.Open(dsn)
	default:
		return nil, fmt.Errorf("unsupported dialect %q", d)
	}
	gdb, err := gorm.Open(dialector, cfg.gormConfig())
	if err != nil {
		return nil, err
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, err
	}
	if cfg.maxOpenConns > 0 {
		sqlDB.SetMaxOpenConns(cfg.maxOpenConns)
	}
	if err := checkConnection(ctx, sqlDB, d); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return gdb, nil
}

// redactErr hides secrets in err's message, in case a driver quoted the
// URL. An error that had to be redacted no longer unwraps to its cause,
// since the cause's message would show the secret again; an error that
// names no secret is returned as it is, for errors.Is and errors.As.
func redactErr(err error, secrets []string) error {
	msg := err.Error()
	for _, s := range secrets {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	if msg == err.Error() {
		return err
	}
	return redactedError(msg)
}

// redactedError is an error message with its secrets hidden.
type redactedError string

func (e redactedError) Error() string { return string(e) }
