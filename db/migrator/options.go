package migrator

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/matar-app/matardb/db/history"
)

// Option configures New: what stays constant for the Migrator's life.
// Targets are arguments of the methods, not options. A bad option makes New
// fail with a sentence saying why, before anything touches the database.
type Option interface {
	apply(*config) error
}

type optionFunc func(*config) error

func (f optionFunc) apply(c *config) error { return f(c) }

// Defaults of the options.
const (
	// DefaultLockWait is how long a run waits for another process's migration lock.
	DefaultLockWait = 5 * time.Minute
	// DefaultLockTimeout is PostgreSQL's lock_timeout while migrations run.
	DefaultLockTimeout = 10 * time.Second
	// DefaultStatementTimeout is PostgreSQL's statement_timeout while
	// migrations run; zero leaves the server's setting (by default no limit).
	DefaultStatementTimeout = time.Duration(0)
	// DefaultProgressInterval is how often a migration that is still
	// running logs so.
	DefaultProgressInterval = 5 * time.Second
)

// config is what the options set, read by every method.
type config struct {
	history          *history.History
	logger           *slog.Logger
	lockWait         time.Duration
	lockTimeout      time.Duration
	statementTimeout time.Duration
	allowUnknown     bool
	progressInterval time.Duration
	table            string
}

// errNilOption is returned by New for a nil Option.
var errNilOption = errors.New("a nil Option was passed")

func newConfig(h *history.History, opts []Option) (*config, error) {
	if h == nil {
		return nil, fmt.Errorf("migrator.New: the history is nil")
	}
	c := &config{
		history:          h,
		logger:           slog.Default(),
		lockWait:         DefaultLockWait,
		lockTimeout:      DefaultLockTimeout,
		statementTimeout: DefaultStatementTimeout,
		progressInterval: DefaultProgressInterval,
		table:            TableName,
	}
	for _, o := range opts {
		if o == nil {
			return nil, errNilOption
		}
		if err := o.apply(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// WithLogger sends the progress lines to l: at Info, the database being up
// to date or a run starting with N pending, each migration starting and
// finishing (applied or rolled back, with its duration) and, while one
// runs, a "still running" line every WithProgressInterval; at Warn,
// checksum mismatches. Default: slog.Default() when New is called.
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(c *config) error {
		if l == nil {
			return fmt.Errorf("WithLogger: the logger is nil")
		}
		c.logger = l
		return nil
	})
}

// WithLockWait bounds how long Up, UpTo, Down and Stamp wait for the
// PostgreSQL migration lock held by another process before failing with
// ErrLockTimeout, having run nothing. Default: DefaultLockWait (5 minutes).
// SQLite waits for its write lock for the busy_timeout of the connection
// (10 seconds with connect.Open, unless the URL sets busy_timeout=) per
// transaction.
func WithLockWait(d time.Duration) Option {
	return optionFunc(func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("WithLockWait: %v is not a positive duration", d)
		}
		c.lockWait = d
		return nil
	})
}

// WithStatementTimeouts sets PostgreSQL's lock_timeout and statement_timeout
// for each migration and rollback step (SET LOCAL inside its transaction, so
// that no setting outlives it on a pooled server connection; a
// NoTransaction migration runs with the server's settings). Zero leaves the
// server's setting.
//
// Defaults: lock 10s (DefaultLockTimeout), statement 0 (none). A migration
// waiting for a table lock makes every later query on that table queue
// behind it, so a migration blocked by a long-running transaction should
// fail quickly (and be retried at the next deploy) rather than stall the
// application; ten seconds absorbs ordinary short transactions. A running
// statement, by contrast, is doing the migration's work: rewriting a large
// table or building an index can legitimately take minutes, so there is no
// statement limit unless you set one.
func WithStatementTimeouts(lock, statement time.Duration) Option {
	return optionFunc(func(c *config) error {
		if lock < 0 || statement < 0 {
			return fmt.Errorf("WithStatementTimeouts: timeouts must not be negative (got lock %v, statement %v)", lock, statement)
		}
		c.lockTimeout, c.statementTimeout = lock, statement
		return nil
	})
}

// AllowUnknownApplied tolerates migrations applied in the database that the
// history does not contain, as after rolling back to an older binary: Up,
// UpTo, Down and Stamp leave their rows alone and Current ignores them.
// Default: they make those methods fail with ErrUnknownApplied. Status
// lists them either way.
func AllowUnknownApplied() Option {
	return optionFunc(func(c *config) error {
		c.allowUnknown = true
		return nil
	})
}

// WithProgressInterval sets how often a migration (or rollback) that is
// still running logs a "still running" line with the time it has taken so
// far, so that a long run shows where it is. Default:
// DefaultProgressInterval (5 seconds).
func WithProgressInterval(d time.Duration) Option {
	return optionFunc(func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("WithProgressInterval: %v is not a positive duration", d)
		}
		c.progressInterval = d
		return nil
	})
}
