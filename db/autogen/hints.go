package autogen

import (
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/matar-app/matardb/db/gormschema"
)

// readModels reads the models' schema and rename hints in one parse.
func readModels(o *gormschema.Options, models []any) (*gormschema.Result, error) {
	m, err := gormschema.Read(o, models...)
	if err != nil {
		return nil, fmt.Errorf("read the models: %w", err)
	}
	return m, nil
}

// Rename is one rename hint: a column of Table from From to To, or, when
// Table is empty, a table from From to To.
type Rename struct {
	Table, From, To string
}

// String writes r as ParseRename reads it.
func (r Rename) String() string {
	if r.Table == "" {
		return r.From + "=" + r.To
	}
	return r.Table + "." + r.From + "=" + r.To
}

// ErrBadRename is wrapped by ParseRename's errors.
var ErrBadRename = errors.New("invalid rename")

// ParseRename parses a rename hint written TABLE.OLD=NEW (a column) or
// OLDTABLE=NEWTABLE (a table). It is the one grammar of rename hints.
func ParseRename(s string) (Rename, error) {
	bad := func(why string) (Rename, error) {
		return Rename{}, fmt.Errorf("%w %q: %s; write TABLE.OLD=NEW for a column or OLDTABLE=NEWTABLE for a table", ErrBadRename, s, why)
	}
	left, to, ok := strings.Cut(strings.TrimSpace(s), "=")
	switch {
	case !ok:
		return bad("no '='")
	case to == "" || left == "":
		return bad("a name is empty")
	case strings.ContainsAny(to, ".="):
		return bad("the new name contains '.' or '='")
	}
	table, from, column := strings.Cut(left, ".")
	if !column {
		return Rename{From: left, To: to}, nil
	}
	if table == "" || from == "" || strings.Contains(from, ".") {
		return bad("the old name must be TABLE.COLUMN")
	}
	return Rename{Table: table, From: from, To: to}, nil
}

// options builds Diff's options: the models' rename hints, overridden by
// renames, and the backfill values.
func options(m *gormschema.Result, renames []Rename, defaults map[string]string) Options {
	opts := Options{TableRenames: m.TableRenames, ColumnRenames: m.ColumnRenames, Backfill: maps.Clone(defaults)}
	if opts.Backfill == nil {
		opts.Backfill = map[string]string{}
	}
	for _, r := range renames {
		opts.addRename(r)
	}
	return opts
}

// addRename records one rename hint.
func (opts *Options) addRename(r Rename) {
	if r.Table == "" {
		if opts.TableRenames == nil {
			opts.TableRenames = map[string]string{}
		}
		opts.TableRenames[r.To] = r.From
		return
	}
	if opts.ColumnRenames == nil {
		opts.ColumnRenames = map[string]map[string]string{}
	}
	if opts.ColumnRenames[r.Table] == nil {
		opts.ColumnRenames[r.Table] = map[string]string{}
	}
	opts.ColumnRenames[r.Table][r.To] = r.From
}
