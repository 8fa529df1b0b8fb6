package main

import (
	"fmt"
	"strings"
)

// rename is one --rename hint: a column of Table from From to To, or, when
// Table is empty, a table from From to To.
type rename struct {
	Table, From, To string
}

// parseRename parses TABLE.OLD=NEW (a column) or OLDTABLE=NEWTABLE (a table).
func parseRename(s string) (rename, error) {
	bad := func(why string) (rename, error) {
		return rename{}, fmt.Errorf("bad --rename %q: %s; write TABLE.OLD=NEW for a column or OLDTABLE=NEWTABLE for a table", s, why)
	}
	left, to, ok := strings.Cut(s, "=")
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
		return rename{From: left, To: to}, nil
	}
	if table == "" || from == "" || strings.Contains(from, ".") {
		return bad("the old name must be TABLE.COLUMN")
	}
	return rename{Table: table, From: from, To: to}, nil
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
