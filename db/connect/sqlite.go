package connect

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNoDatabase is returned (wrapped) by Open with ReadOnly when the
// SQLite database file does not exist; nothing was created.
var ErrNoDatabase = errors.New("no database file")

// ErrNoDirectory is returned (wrapped) by Open when the directory of a
// SQLite database file does not exist.
var ErrNoDirectory = errors.New("the database file's directory does not exist")

// ReadOnly makes Open refuse, with ErrNoDatabase, a SQLite database file
// that does not exist instead of creating an empty one: for commands that
// only read (status, current, history). It changes nothing for PostgreSQL.
func ReadOnly() Option {
	return optionFunc(func(c *config) error {
		c.readOnly = true
		return nil
	})
}

// checkSQLite checks the file of the SQLite URL raw, whose DSN is dsn,
// before opening it, and returns the file's absolute path for errors.
// SQLite's own message for a missing directory is "out of memory (14)".
func checkSQLite(raw, dsn string, readOnly bool) (string, error) {
	path, _, _ := strings.Cut(dsn, "?") // the pragmas ParseURL appended
	abs, err := filepath.Abs(path)
	if err != nil {
		return path, nil
	}
	dir := filepath.Dir(abs)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return abs, fmt.Errorf("%w: open database %s: directory %s (for the file %s) does not exist%s",
			ErrNoDirectory, raw, dir, abs, slashesHint(raw))
	}
	if _, err := os.Stat(abs); readOnly && errors.Is(err, fs.ErrNotExist) {
		return abs, fmt.Errorf("%w: open database %s: there is no file %s; nothing was created%s",
			ErrNoDatabase, raw, abs, slashesHint(raw))
	}
	return abs, nil
}

// slashesHint explains SQLAlchemy's sqlite:///PATH, relative to the
// working directory, to someone who may have meant an absolute path.
func slashesHint(raw string) string {
	raw, _, _ = strings.Cut(raw, "?")
	rest, ok := strings.CutPrefix(raw, "sqlite:///")
	if !ok || strings.HasPrefix(rest, "/") {
		return ""
	}
	return fmt.Sprintf(" (sqlite:///%s is relative to the working directory, as in SQLAlchemy; "+
		"for the absolute path /%s write sqlite:////%s or sqlite:/%s)", rest, rest, rest, rest)
}
