package inspect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/matar-app/matardb/db/schema"
	"gorm.io/gorm"
)

// Schema reads every user table of the database gdb is connected to:
// columns in their database order, the primary key, indexes, foreign keys
// and check constraints, sorted (see schema.Schema.Sort). Bookkeeping tables
// are left out (see IsBookkeeping). gdb may be a transaction.
//
// On PostgreSQL it reads the connection's current schema. Check expressions
// are the ones PostgreSQL keeps, which it normalises: a check written
// "price >= 0" on a numeric column reads back as "price >= (0)::numeric",
// and "k IN (1, 2)" as "k = ANY (ARRAY[1, 2])". Adding a check with the
// text read back usually reads back the same text, but not always (IN over a
// varchar column is normalised again). Compare checks read from PostgreSQL
// by name, or with what PostgreSQL made of the same text, not with the text
// a migration wrote.
//
// On SQLite, which keeps no names for foreign keys and checks, the names are
// recovered from the CREATE TABLE text; an unnamed one gets the name
// PostgreSQL would give it ("post_user_id_fkey", "post_rank_check"). Check
// expressions are the text as written. SQLite has no column comments. Its
// UNIQUE table constraints are indexes with Constraint set, named like
// foreign keys: the declared name, or the one PostgreSQL would give
// ("category_slug_key"), not SQLite's sqlite_autoindex_* name. Index
// expressions and predicates are the text as written in CREATE INDEX.
func Schema(ctx context.Context, gdb *gorm.DB) (*schema.Schema, error) {
	if gdb == nil || gdb.Dialector == nil {
		return nil, errors.New("inspect schema: no database connection")
	}
	db := gdb.WithContext(ctx)
	var (
		s   *schema.Schema
		err error
	)
	switch name := gdb.Dialector.Name(); name {
	case "postgres":
		s, err = postgresSchema(db)
	case "sqlite":
		s, err = sqliteSchema(db)
	default:
		return nil, fmt.Errorf("inspect schema: unsupported dialect %q (matardb reads postgres and sqlite)", name)
	}
	if err != nil {
		return nil, fmt.Errorf("inspect %s schema: %w", gdb.Dialector.Name(), err)
	}
	s.Sort()
	return s, nil
}

// IsBookkeeping reports whether table belongs to the migration machinery or
// to the database itself rather than to the application: "migrations"
// (matardb's history, kept by gormigrate), "alembic_version", and names
// starting "sqlite_" or "_matardb_".
func IsBookkeeping(table string) bool {
	return table == "migrations" || table == "alembic_version" ||
		strings.HasPrefix(table, "sqlite_") || strings.HasPrefix(table, "_matardb_")
}

// tables collects the tables being read, by name, leaving out bookkeeping.
type tables struct {
	schema schema.Schema
	byName map[string]*schema.Table
}

func newTables() *tables { return &tables{byName: map[string]*schema.Table{}} }

// add registers table name (once) and returns it, or nil for bookkeeping.
func (ts *tables) add(name string) *schema.Table {
	if IsBookkeeping(name) {
		return nil
	}
	if t := ts.byName[name]; t != nil {
		return t
	}
	t := &schema.Table{Name: name}
	ts.byName[name] = t
	ts.schema.Tables = append(ts.schema.Tables, t)
	return t
}

// get returns table name, or nil when it was not added.
func (ts *tables) get(name string) *schema.Table { return ts.byName[name] }

// query runs q and calls scan for each row; what names the rows in errors.
func query(db *gorm.DB, what, q string, scan func(*sql.Rows) error) error {
	rows, err := db.Raw(q).Rows()
	if err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("read %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

// column builds a column from its catalog spelling; a type matardb has no
// kind for is kept verbatim (see schema.ParseCatalogType).
func column(name, sqlType string, notNull bool, def, comment string) *schema.Column {
	t := schema.ParseCatalogType(sqlType)
	return &schema.Column{
		Name:    name,
		Type:    t,
		NotNull: notNull,
		Default: schema.ColumnDefault(t, def),
		Comment: comment,
	}
}

// addPart appends a key part to index i, keeping Parts nil while every
// part is a plain ascending column.
func addPart(i *schema.Index, column string, part schema.IndexPart) {
	i.Columns = append(i.Columns, column)
	if i.Parts == nil && part == (schema.IndexPart{}) {
		return
	}
	for len(i.Parts) < len(i.Columns)-1 {
		i.Parts = append(i.Parts, schema.IndexPart{})
	}
	i.Parts = append(i.Parts, part)
}

// markPrimaryKeyNotNull sets NotNull on every primary key column, as the
// rest of matardb describes them.
func markPrimaryKeyNotNull(s *schema.Schema) {
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if t.IsPrimaryKey(c.Name) {
				c.NotNull = true
			}
		}
	}
}

// unwrapParens removes one pair of parentheses around the whole of expr, if
// it has one.
func unwrapParens(expr string) string {
	expr = strings.TrimSpace(expr)
	if len(expr) < 2 || expr[0] != '(' {
		return expr
	}
	if closing := matchingParen(expr, 0); closing == len(expr)-1 {
		return strings.TrimSpace(expr[1:closing])
	}
	return expr
}

// matchingParen returns the index of the parenthesis closing the one at
// open, skipping quoted strings and identifiers, or -1.
func matchingParen(s string, open int) int {
	depth := 0
	var quote byte
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
