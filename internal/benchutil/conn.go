package benchutil

import (
	"context"
	"fmt"
	"net/url"
	"sync/atomic"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Conn is a GORM connection pool whose statements are counted two ways.
// Its counters are safe for concurrent use.
type Conn struct {
	// DB is the pool, configured as db.Open configures it (GORM logs
	// nothing) and GORM's default naming.
	DB         *gorm.DB
	queries    atomic.Int64
	statements atomic.Int64
}

// Queries returns the statements sent so far through GORM's Query, Row,
// Raw (Exec), Create, Update and Delete callbacks: what a GORM callback
// or query logger sees. GORM sends BEGIN and COMMIT without callbacks, so
// they are not in this count.
func (c *Conn) Queries() int64 { return c.queries.Load() }

// Statements returns the statements the PostgreSQL driver (pgx) has sent so
// far, BEGIN and COMMIT included; always 0 on SQLite.
func (c *Conn) Statements() int64 { return c.statements.Load() }

// Close closes the pool.
func (c *Conn) Close() error {
	sqlDB, err := c.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// OpenPostgres opens a counted pool on the PostgreSQL database at rawURL,
// through the same driver (pgx's database/sql adapter) and with the same
// defaults as gorm.io/driver/postgres, and checks the connection.
func OpenPostgres(ctx context.Context, rawURL string) (*Conn, error) {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parse PostgreSQL URL: %w", err)
	}
	c := &Conn{}
	cfg.Tracer = statementTracer{n: &c.statements}
	sqlDB := stdlib.OpenDB(*cfg)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	return c.open(postgres.New(postgres.Config{Conn: sqlDB}))
}

// OpenSQLite opens a counted pool on the SQLite database with the
// glebarez driver's dsn (use testdb.SQLiteDSN for matardb's pragmas).
func OpenSQLite(dsn string) (*Conn, error) {
	return (&Conn{}).open(sqlite.Open(dsn))
}

func (c *Conn) open(d gorm.Dialector) (*Conn, error) {
	gdb, err := gorm.Open(d, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	c.DB = gdb
	if err := CountQueries(gdb, &c.queries); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// CountQueries adds one to n after each statement GORM sends through a
// callback, whatever GORM API sends it (BEGIN and COMMIT go around the
// callbacks and are not counted).
func CountQueries(gdb *gorm.DB, n *atomic.Int64) error {
	count := func(*gorm.DB) { n.Add(1) }
	cb := gdb.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("benchutil:count", count),
		cb.Row().After("gorm:row").Register("benchutil:count", count),
		cb.Raw().After("gorm:raw").Register("benchutil:count", count),
		cb.Create().After("gorm:create").Register("benchutil:count", count),
		cb.Update().After("gorm:update").Register("benchutil:count", count),
		cb.Delete().After("gorm:delete").Register("benchutil:count", count),
	} {
		if err != nil {
			return fmt.Errorf("register the statement counter: %w", err)
		}
	}
	return nil
}

// statementTracer counts every statement pgx sends (pgx.QueryTracer).
type statementTracer struct{ n *atomic.Int64 }

func (t statementTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	t.n.Add(1)
	return ctx
}

func (statementTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// ViaProxy returns rawURL with its host and port replaced by addr.
func ViaProxy(rawURL, addr string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("the PostgreSQL URL has no host:port to replace with the proxy's")
	}
	u.Host = addr
	return u.String(), nil
}

// HostPort returns the host:port of a PostgreSQL URL, 5432 when it names
// no port.
func HostPort(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return "", fmt.Errorf("the PostgreSQL URL has no host")
	}
	if u.Port() == "" {
		return u.Hostname() + ":5432", nil
	}
	return u.Host, nil
}
