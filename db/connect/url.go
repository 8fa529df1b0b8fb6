package connect

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/matar-app/matardb/db/dialect"
)

// urlForms lists the accepted URL forms, for error messages.
const urlForms = "use postgres://USER:PASSWORD@HOST:PORT/DATABASE (or postgresql://…) or sqlite:PATH"

// ErrBadURL is returned (wrapped) by ParseURL and Open for a database URL
// they do not accept.
var ErrBadURL = errors.New("invalid database URL")

// sqlitePragmas are appended to every SQLite path: foreign keys enforced, a
// busy timeout instead of immediate "database is locked" errors, WAL
// journaling, and transactions that take the write lock when they begin
// (the migrator relies on that to serialise concurrent runs).
const sqlitePragmas = "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate"

// ParseURL checks a database URL without connecting and returns its dialect
// and the DSN for the dialect's GORM driver. Accepted forms:
//
//	postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…   (or postgresql://)
//	sqlite:PATH            (PATH relative to the working directory, or absolute)
//	sqlite:///PATH         (SQLAlchemy's spelling of the same; sqlite:////abs for /abs)
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
		path, err := sqlitePath(rest)
		if err != nil {
			return "", "", fmt.Errorf("%w %s: %v; %s", ErrBadURL, raw, err, urlForms)
		}
		return dialect.SQLite, path + sqlitePragmas, nil
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
	switch {
	case rest == "":
		return "", errors.New("the file path is empty")
	case strings.Contains(rest, "?"):
		return "", errors.New("the path must not contain '?': Open sets the SQLite options itself")
	}
	return rest, nil
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
