package connect

import (
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Option configures Open. Options are checked when Open applies them; a
// bad one makes Open fail with a sentence saying why.
type Option interface {
	apply(*config) error
}

type optionFunc func(*config) error

func (f optionFunc) apply(c *config) error { return f(c) }

type config struct {
	logger         logger.Interface
	maxOpenConns   int
	connectTimeout time.Duration // used when the URL has no connect_timeout
	readOnly       bool          // see ReadOnly
	gorm           *gorm.Config
}

// slowQuery is the duration above which WithQueryLogger logs a statement as
// slow even below logger.Info.
const slowQuery = 200 * time.Millisecond

// WithQueryLogger sends GORM's log of SQL statements to l through GORM's slog
// adapter: failed statements at Error, statements slower than 200ms at Warn,
// and every statement at Info when level is logger.Info. Statement
// parameters are not logged. Default: GORM logs nothing.
func WithQueryLogger(l *slog.Logger, level logger.LogLevel) Option {
	return optionFunc(func(c *config) error {
		if l == nil {
			return fmt.Errorf("WithQueryLogger: the logger is nil")
		}
		if level < logger.Silent || level > logger.Info {
			return fmt.Errorf("WithQueryLogger: log level %d is not one of logger.Silent, Error, Warn or Info", level)
		}
		c.logger = logger.NewSlogLogger(l, logger.Config{
			LogLevel:                  level,
			SlowThreshold:             slowQuery,
			IgnoreRecordNotFoundError: true,
			ParameterizedQueries:      true,
		})
		return nil
	})
}

// WithMaxOpenConns caps the connections the pool opens (database/sql's
// SetMaxOpenConns). Default: no cap. Keep replicas × cap below PostgreSQL's
// max_connections (100 by default); a migration run needs one connection.
func WithMaxOpenConns(n int) Option {
	return optionFunc(func(c *config) error {
		if n < 1 {
			return fmt.Errorf("WithMaxOpenConns: %d is not a positive number of connections", n)
		}
		c.maxOpenConns = n
		return nil
	})
}

// WithGORMConfig opens the database with a copy of c, the application's
// gorm.Config: its NamingStrategy, DisableForeignKeyConstraintWhenMigrating
// and every other setting. Give the autogenerator the same configuration
// (autogen's requests, gormschema.Options.Config), so that the tables,
// indexes and constraints the migrations create carry the names GORM
// queries. matardb still sets what Open documents where c leaves it
// unset: the logger (WithQueryLogger wins over c's), a NowFunc returning
// UTC; it always pings with Open's context itself. Default: GORM's
// defaults. c is not modified.
func WithGORMConfig(c *gorm.Config) Option {
	return optionFunc(func(cfg *config) error {
		if c == nil {
			return fmt.Errorf("WithGORMConfig: the gorm.Config is nil")
		}
		cfg.gorm = c
		return nil
	})
}

// gormConfig returns the gorm.Config Open opens with.
func (c *config) gormConfig() *gorm.Config {
	g := &gorm.Config{}
	if c.gorm != nil {
		*g = *c.gorm
	}
	if c.logger != nil || g.Logger == nil {
		g.Logger = c.logger
	}
	if g.Logger == nil {
		g.Logger = logger.Discard
	}
	if g.NowFunc == nil {
		g.NowFunc = func() time.Time { return time.Now().UTC() }
	}
	g.DisableAutomaticPing = true
	return g
}
