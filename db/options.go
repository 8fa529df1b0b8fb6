package db

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/migrations"
)

// Option configures Migrate, Rollback, Stamp, Status and Current. Options
// are checked when the call applies them; a bad one makes the call fail with
// a sentence saying why, before it touches the database. Each call reads the
// options that concern it and ignores the others.
type Option interface {
	apply(*config) error
}

type optionFunc func(*config) error

func (f optionFunc) apply(c *config) error { return f(c) }

// Defaults of the options.
const (
	// DefaultLockWait is how long a run waits for another process's migration lock.
	DefaultLockWait = 5 * time.Minute
	// DefaultLockTimeout is PostgreSQL's lock_timeout for each migration.
	DefaultLockTimeout = 10 * time.Second
	// DefaultStatementTimeout is PostgreSQL's statement_timeout for each
	// migration; zero leaves the server's setting (by default no limit).
	DefaultStatementTimeout = time.Duration(0)
	// DefaultProgressInterval is how often a migration that is still
	// running logs so.
	DefaultProgressInterval = 5 * time.Second
)

type config struct {
	history          *history.History
	logger           *slog.Logger
	lockWait         time.Duration
	lockTimeout      time.Duration
	statementTimeout time.Duration
	allowUnknown     bool
	target           string // WithTarget's ID, "" for none
	last             int    // index of the last migration Migrate applies (the target's, or the head's)
	progressInterval time.Duration
}

func newConfig(opts []Option) (*config, error) {
	c := &config{
		logger:           slog.Default(),
		lockWait:         DefaultLockWait,
		lockTimeout:      DefaultLockTimeout,
		statementTimeout: DefaultStatementTimeout,
		progressInterval: DefaultProgressInterval,
	}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("a nil Option was passed")
		}
		if err := o.apply(c); err != nil {
			return nil, err
		}
	}
	if c.history == nil {
		h, err := migrations.All()
		if err != nil {
			return nil, fmt.Errorf("load the migration history: %w", err)
		}
		c.history = h
	}
	c.last = c.history.Len() - 1
	if c.target != "" {
		i, ok := c.history.Position(c.target)
		if !ok {
			return nil, fmt.Errorf("%w %q: no migration of the history has that ID", ErrUnknownTarget, c.target)
		}
		c.last = i
	}
	return c, nil
}

// WithHistory runs h instead of Matar's history. Default: migrations.All().
func WithHistory(h *history.History) Option {
	return optionFunc(func(c *config) error {
		if h == nil {
			return fmt.Errorf("WithHistory: the history is nil")
		}
		c.history = h
		return nil
	})
}

// WithLogger sends the progress lines to l: at Info, the database being up
// to date or a run starting with N pending, each migration starting and
// finishing (applied or rolled back, with its duration) and, while one
// runs, a "still running" line every WithProgressInterval; at Warn,
// checksum mismatches. Default: slog.Default() at the time of the call.
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(c *config) error {
		if l == nil {
			return fmt.Errorf("WithLogger: the logger is nil")
		}
		c.logger = l
		return nil
	})
}

// WithLockWait bounds how long a run waits for the PostgreSQL migration
// lock held by another process before failing with ErrLockTimeout, having
// run nothing. Default: DefaultLockWait (5 minutes). SQLite waits for its
// write lock for the busy_timeout Open sets (10 seconds) per transaction.
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
// for each migration and rollback (SET LOCAL inside its transaction, so
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
// history does not contain, as after rolling back to an older binary.
// Default: such migrations make the call fail with ErrUnknownApplied.
func AllowUnknownApplied() Option {
	return optionFunc(func(c *config) error {
		c.allowUnknown = true
		return nil
	})
}

// WithTarget makes Migrate stop after the migration id instead of the
// history's head. The id must be in the history (else ErrUnknownTarget).
// Default: the head.
func WithTarget(id string) Option {
	return optionFunc(func(c *config) error {
		if id == "" {
			return fmt.Errorf("WithTarget: the target migration ID is empty")
		}
		c.target = id
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
