package cli

import (
	"fmt"
	"strings"

	"github.com/matar-app/matardb/db/autogen"
)

// parseRename parses one --rename with autogen's grammar, the only one.
func parseRename(s string) (autogen.Rename, error) {
	r, err := autogen.ParseRename(s)
	if err != nil {
		return r, fmt.Errorf("bad --rename: %w", err)
	}
	return r, nil
}

// backfill is one --default: the value existing rows of Table get in Column.
type backfill struct {
	Table, Column, Value string
}

// parseDefault parses TABLE.COLUMN=VALUE; VALUE is a SQL expression and may
// itself contain '='.
func parseDefault(s string) (backfill, error) {
	left, value, ok := strings.Cut(s, "=")
	table, column, dotted := strings.Cut(left, ".")
	if !ok || !dotted || table == "" || column == "" || strings.Contains(column, ".") || strings.TrimSpace(value) == "" {
		return backfill{}, fmt.Errorf("bad --default %q: write TABLE.COLUMN=VALUE, VALUE a SQL expression such as 0 or 'hindi'", s)
	}
	return backfill{Table: table, Column: column, Value: value}, nil
}

// renameHint says a suggestion of the diff with the flag that takes it.
func renameHint(s autogen.Suggestion) string { return s.Text + " or --rename " + s.Rename.String() }

// dataLossError says why revision refused to write and which flags say
// what to do instead; it unwraps to the library's error.
func dataLossError(e *autogen.DataLossError) error {
	msg := e.Describe("; pass --allow-data-loss to write it anyway",
		"say so instead and its data is kept: --rename TABLE.OLD=NEW or --rename OLDTABLE=NEWTABLE", renameHint)
	return &advisedError{msg: msg, err: e}
}

// advisedError is err with the command line's own wording.
type advisedError struct {
	msg string
	err error
}

func (e *advisedError) Error() string { return e.msg }
func (e *advisedError) Unwrap() error { return e.err }
