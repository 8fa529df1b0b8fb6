package cli

import (
	"errors"
	"flag"
	"net/url"
	"strings"
)

// databaseURL returns the URL to use: --database-url, else DATABASE_URL,
// else the project's default.
func (e *env) databaseURL() string {
	if e.urlFlag != "" {
		return e.urlFlag
	}
	if u := e.getenv("DATABASE_URL"); u != "" {
		return u
	}
	return e.project.defaultURL()
}

// urlFlag defines --database-url on a command's flags too, so that it may
// follow the command name.
func urlFlag(fs *flag.FlagSet, e *env) {
	fs.Var(urlValue{e}, "database-url", "the database `URL` (default $DATABASE_URL, else "+e.project.defaultURL()+")")
	fs.StringVar(&e.table, "table", e.table, "the bookkeeping `TABLE` (default migrations); "+
		"give another name when another tool's table is called migrations")
}

// urlValue is --database-url: an empty value is an error, not the default.
type urlValue struct{ e *env }

// String is "": the usage must never show a URL, whose password it would print.
func (v urlValue) String() string { return "" }

func (v urlValue) Set(s string) error {
	if s == "" {
		return errors.New("is empty: give a database URL, or leave the flag out to use $DATABASE_URL or the default")
	}
	v.e.urlFlag = s
	return nil
}

// scrub removes the password of raw (a database URL, well formed or not)
// from msg, as a last guard: no message matardb prints may contain it.
func scrub(msg, raw string) string {
	pw := password(raw)
	if len(pw) < 2 {
		return msg
	}
	msg = strings.ReplaceAll(msg, pw, "xxxxx")
	if dec, err := url.PathUnescape(pw); err == nil && dec != pw {
		msg = strings.ReplaceAll(msg, dec, "xxxxx")
	}
	return msg
}

// password returns the password in raw's user information, found by text
// rather than by parsing so that a malformed URL still yields it.
func password(raw string) string {
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return ""
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return ""
	}
	_, pw, _ := strings.Cut(rest[:at], ":")
	return pw
}
