package cli

import (
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
	fs.StringVar(&e.urlFlag, "database-url", e.urlFlag,
		"the database `URL` (default $DATABASE_URL, else "+e.project.defaultURL()+")")
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
