package dbtest

import (
	"fmt"
	"os"
	"regexp"
	"time"

	"github.com/matar-app/matardb/db/migrator"
)

// DefaultAdminURL is the PostgreSQL database NewDB creates its databases
// from when neither WithAdminURL nor the MATARDB_TEST_POSTGRES environment
// variable names one.
const DefaultAdminURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// DefaultPrefix starts the names of the databases and templates NewDB creates.
const DefaultPrefix = "dbtest"

// Option configures NewDB, NewSQLite and Both.
type Option func(*config) error

type config struct {
	adminURL string
	prefix   string
	key      string
	migrate  []migrator.Option
	timeout  time.Duration
}

// WithAdminURL is the PostgreSQL database (postgres://…) the test
// databases and templates are created from; the user needs CREATEDB.
// Default: $MATARDB_TEST_POSTGRES, else DefaultAdminURL.
func WithAdminURL(url string) Option {
	return func(c *config) error {
		c.adminURL = url
		return nil
	}
}

// validPrefix is what a prefix may hold: it becomes part of database names.
var validPrefix = regexp.MustCompile(`^[a-z][a-z0-9_]{0,29}$`)

// WithPrefix starts the names of the databases and templates with prefix
// (a lowercase letter, then up to 29 lowercase letters, digits or
// underscores). Templates of the same prefix but another history are
// dropped as stale, so give each project sharing a server its own prefix.
// Default: DefaultPrefix.
func WithPrefix(prefix string) Option {
	return func(c *config) error {
		if !validPrefix.MatchString(prefix) {
			return fmt.Errorf("dbtest: prefix %q: use a lowercase letter, then up to 29 lowercase letters, digits or underscores", prefix)
		}
		c.prefix = prefix
		return nil
	}
}

// WithKey adds key to what identifies the template: a different key builds
// a different template. Use it when the migrations carry no checksums, or
// when WithMigrateOptions change what the migrations build. Default: "".
func WithKey(key string) Option {
	return func(c *config) error {
		c.key = key
		return nil
	}
}

// WithMigrateOptions passes opts to migrator.Migrator.Up when building the template
// or the SQLite file (the history and a silent logger are always set).
// Default: none.
func WithMigrateOptions(opts ...migrator.Option) Option {
	return func(c *config) error {
		c.migrate = append(c.migrate, opts...)
		return nil
	}
}

// WithTimeout bounds the time one call waits for the template (building
// it, or waiting for another process that builds it) and the clone.
// Default: 5 minutes.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("dbtest: timeout %v: use a positive duration", d)
		}
		c.timeout = d
		return nil
	}
}

func newConfig(opts []Option) (*config, error) {
	c := &config{adminURL: os.Getenv("MATARDB_TEST_POSTGRES"), prefix: DefaultPrefix, timeout: 5 * time.Minute}
	if c.adminURL == "" {
		c.adminURL = DefaultAdminURL
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}
