package connect

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/matar-app/matardb/db/dialect"
)

// urlForms lists the accepted URL forms, for error messages.
const urlForms = "use postgres://USER:PASSWORD@HOST:PORT/DATABASE (or postgresql://…) or sqlite:PATH"

// ErrBadURL is returned (wrapped) by ParseURL and Open for a database URL
// they do not accept.
var ErrBadURL = errors.New("invalid database URL")

// DefaultBusyTimeout is how long a SQLite statement waits for another
// connection's write lock before failing with SQLITE_BUSY, unless the URL
// sets busy_timeout=.
const DefaultBusyTimeout = 10 * time.Second

// sqlitePragmas returns what is appended to every SQLite path: foreign keys
// enforced, a busy timeout (in whole milliseconds) instead of immediate
// "database is locked" errors, WAL journaling, and transactions that take
// the write lock when they begin (the migrator relies on that to serialise
// concurrent runs).
func sqlitePragmas(busy time.Duration) string {
	return fmt.Sprintf("?_pragma=foreign_keys(1)&_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_txlock=immediate", busy.Milliseconds())
}

// ParseURL checks a database URL without connecting and returns its dialect
// and the DSN for the dialect's GORM driver. Accepted forms:
//
//	postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…   (or postgresql://)
//	sqlite:PATH            (PATH relative to the working directory, or absolute)
//	sqlite:///PATH         (SQLAlchemy's spelling of the same; sqlite:////abs for /abs)
//	sqlite:PATH?busy_timeout=2s
//
// A SQLite URL takes one query parameter, busy_timeout: how long a
// statement waits for another connection's write lock before failing with
// SQLITE_BUSY, as a Go duration (500ms, 2s, 1m; 0 fails at once) of whole
// milliseconds; default DefaultBusyTimeout (10s). Open sets every other
// SQLite option itself.
//
// An empty URL is refused. Errors wrap ErrBadURL and never contain the
// URL's password.
func ParseURL(raw string) (d dialect.Dialect, dsn string, err error) {
	if raw == "" {
		return "", "", fmt.Errorf("%w: it is empty; %s", ErrBadURL, urlForms)
	}
	scheme, rest, ok := strings.Cut(raw, ":")
	if !ok || strings.ContainsAny(scheme, "/@ =") {
		return "", "", fmt.Errorf("%w: it has no scheme; %s", ErrBadURL, urlForms)
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		if _, err := url.Parse(raw); err != nil {
			return "", "", fmt.Errorf("%w %s: it is not a valid URL (percent-encode special characters in the user name and password); %s",
				ErrBadURL, RedactURL(raw), urlForms)
		}
		return dialect.Postgres, raw, nil
	case "sqlite":
		rest, query, _ := strings.Cut(rest, "?")
		path, err := sqlitePath(rest)
		if err != nil {
			return "", "", fmt.Errorf("%w %s: %v; %s", ErrBadURL, raw, err, urlForms)
		}
		busy, err := sqliteBusyTimeout(query)
		if err != nil {
			return "", "", fmt.Errorf("%w %s: %v; a SQLite URL is sqlite:PATH or sqlite:PATH?busy_timeout=DURATION", ErrBadURL, raw, err)
		}
		return dialect.SQLite, path + sqlitePragmas(busy), nil
	}
	return "", "", fmt.Errorf("%w: scheme %q is not supported; %s", ErrBadURL, scheme, urlForms)
}

// sqlitePath returns the file path of a sqlite: URL's remainder.
func sqlitePath(rest string) (string, error) {
	if strings.HasPrefix(rest, "//") {
		if !strings.HasPrefix(rest, "///") {
			return "", errors.New("sqlite://HOST is not a file path (write sqlite:PATH)")
		}
		rest = rest[3:]
	}
	if rest == "" {
		return "", errors.New("the file path is empty")
	}
	return rest, nil
}

// sqliteBusyTimeout reads the query of a sqlite: URL, which may set
// busy_timeout and nothing else.
func sqliteBusyTimeout(query string) (time.Duration, error) {
	if query == "" {
		return DefaultBusyTimeout, nil
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return 0, fmt.Errorf("its query %q does not parse", query)
	}
	for k := range q {
		if k != "busy_timeout" {
			return 0, fmt.Errorf("parameter %q is not one a SQLite URL takes (Open sets the SQLite options itself, but for busy_timeout)", k)
		}
	}
	vs := q["busy_timeout"]
	if len(vs) != 1 {
		return 0, errors.New("busy_timeout is given more than once")
	}
	d, err := time.ParseDuration(vs[0])
	switch {
	case err != nil:
		return 0, fmt.Errorf("busy_timeout=%s is not a duration such as 500ms or 2s", vs[0])
	case d < 0 || d%time.Millisecond != 0:
		return 0, fmt.Errorf("busy_timeout=%s is not a whole number of milliseconds of 0 or more", vs[0])
	}
	return d, nil
}

// secretParams are URL query parameters that hold secrets (libpq's).
var secretParams = []string{"password", "sslpassword"}

// RedactURL returns raw fit for errors and logs: a PostgreSQL URL with its
// password (in the user info or the query) replaced by "xxxxx"; a URL that
// does not parse reduced to its scheme, since its password cannot be
// located reliably.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		scheme, _, _ := strings.Cut(raw, ":")
		return scheme + "://(unparseable URL)"
	}
	q := u.Query()
	for _, k := range secretParams {
		if q.Has(k) {
			q.Set(k, "xxxxx")
			u.RawQuery = q.Encode()
		}
	}
	return u.Redacted()
}

// urlSecrets returns the passwords in raw, none when raw does not parse.
func urlSecrets(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	var secrets []string
	if p, ok := u.User.Password(); ok && p != "" {
		secrets = append(secrets, p)
	}
	for _, k := range secretParams {
		if p := u.Query().Get(k); p != "" {
			secrets = append(secrets, p)
		}
	}
	return secrets
}
