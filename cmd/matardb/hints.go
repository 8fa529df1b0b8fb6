package main

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
