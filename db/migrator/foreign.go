package migrator

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// ErrForeignTable: the bookkeeping table's name is taken by a table of
// another tool (Laravel's and Knex's migrations tables, say), which matardb
// leaves untouched.
var ErrForeignTable = errors.New("the bookkeeping table belongs to another tool")

// ForeignTableError is the ErrForeignTable the methods return, naming the
// table and the columns that are not matardb's.
type ForeignTableError struct {
	Table   string
	Columns []string // the table's columns that matardb does not have
}

func (e *ForeignTableError) Error() string {
	return fmt.Sprintf("%v: table %s has columns %s, which are not matardb's (%s), so it was left untouched "+
		"and nothing was changed; give matardb a table of its own (migrator.WithTable)",
		ErrForeignTable, e.Table, strings.Join(e.Columns, ", "), strings.Join(columnNames(), ", "))
}

// Unwrap lets errors.Is(err, ErrForeignTable) match.
func (e *ForeignTableError) Unwrap() error { return ErrForeignTable }

// foreignTable returns a *ForeignTableError when the existing table table,
// whose columns are have, is not matardb's nor plain gormigrate's: it has
// no id column or a column matardb does not write. nil for no table.
func foreignTable(table string, have []string) error {
	if len(have) == 0 {
		return nil
	}
	ours := columnNames()
	var extra []string
	for _, c := range have {
		if !slices.Contains(ours, c) {
			extra = append(extra, c)
		}
	}
	if len(extra) == 0 && slices.Contains(have, "id") {
		return nil
	}
	if len(extra) == 0 {
		extra = []string{"(no id)"}
	}
	return &ForeignTableError{Table: table, Columns: extra}
}

// tableNamePattern is what WithTable accepts: names the bookkeeping SQL
// can leave unquoted on both dialects.
var tableNamePattern = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// WithTable names the bookkeeping table; default TableName ("migrations",
// gormigrate's). Use it when another tool's table already has that name.
// The name must be lowercase letters, digits and underscores, starting
// with a letter or underscore. Every program migrating one database must
// use the same name.
func WithTable(name string) Option {
	return optionFunc(func(c *config) error {
		if err := CheckTableName(name); err != nil {
			return fmt.Errorf("WithTable: %w", err)
		}
		c.table = name
		return nil
	})
}

// CheckTableName fails on a bookkeeping table name that WithTable refuses:
// what a caller that writes the bookkeeping SQL itself (ScriptTableSQL,
// ScriptRecordSQL, ScriptDeleteSQL) checks first.
func CheckTableName(name string) error {
	if !tableNamePattern.MatchString(name) {
		return fmt.Errorf("%q is not a lowercase unquoted SQL name (letters, digits, _)", name)
	}
	return nil
}
