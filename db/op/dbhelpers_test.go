package op

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/schema"
)

// Helpers that read real outcomes from a test database, on either dialect.

func dialectOf(t *testing.T, gdb *gorm.DB) dialect.Dialect {
	t.Helper()
	d, err := dialect.Parse(gdb.Dialector.Name())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// migrate applies ops in one transaction the way db.Migrate does: on SQLite,
// with foreign keys off on a pinned connection for the transaction and
// checked before it commits.
func migrate(t *testing.T, gdb *gorm.DB, ops ...Op) error {
	t.Helper()
	onSQLite := dialectOf(t, gdb) == dialect.SQLite
	return gdb.Connection(func(conn *gorm.DB) error {
		if onSQLite {
			if err := conn.Exec("PRAGMA foreign_keys = OFF").Error; err != nil {
				return err
			}
			defer conn.Exec("PRAGMA foreign_keys = ON")
		}
		return conn.Transaction(func(tx *gorm.DB) error {
			if err := Apply(tx, ops...); err != nil {
				return err
			}
			if onSQLite {
				return foreignKeyCheck(tx)
			}
			return nil
		})
	})
}

func foreignKeyCheck(tx *gorm.DB) error {
	rows, err := tx.Raw("PRAGMA foreign_key_check").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return errors.New("foreign key check found violations")
	}
	return rows.Err()
}

func mustMigrate(t *testing.T, gdb *gorm.DB, ops ...Op) {
	t.Helper()
	if err := migrate(t, gdb, ops...); err != nil {
		t.Fatal(err)
	}
}

// fixtureRows are the rows the database tests start with, by "table.column",
// as CAST(... AS TEXT) reads them back in id order.
var fixtureRows = map[string][]string{
	"user.id": {"1", "2"}, "user.name": {"asha", "ravi"},
	"user.email": {"asha@example.com", "NULL"}, "user.age": {"30", "NULL"},
	"post.id": {"10", "11"}, "post.user_id": {"1", "2"}, "post.editor_id": {"NULL", "1"},
	"post.title": {"hello", "world"}, "post.score": {"5", "NULL"},
}

// withFixture creates the fixture tables in gdb and fills them.
func withFixture(t *testing.T, gdb *gorm.DB) {
	t.Helper()
	mustMigrate(t, gdb, fixture()...)
	exec(t, gdb, `INSERT INTO "user" ("id", "name", "email", "age") VALUES (1, 'asha', 'asha@example.com', 30), (2, 'ravi', NULL, NULL)`)
	exec(t, gdb, `INSERT INTO "post" ("id", "user_id", "editor_id", "title", "score") VALUES (10, 1, NULL, 'hello', 5), (11, 2, 1, 'world', NULL)`)
}

func exec(t *testing.T, gdb *gorm.DB, sql string) {
	t.Helper()
	if err := gdb.Exec(sql).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// values reads one column of a table as text, in id order, NULL as "NULL".
func values(t *testing.T, gdb *gorm.DB, table, column string) []string {
	t.Helper()
	rows, err := gdb.Raw(fmt.Sprintf(`SELECT CAST(%s AS TEXT) FROM %s ORDER BY "id"`, quote(column), quote(table))).Rows()
	if err != nil {
		t.Fatalf("read %s.%s: %v", table, column, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v sql.NullString
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		if !v.Valid {
			v.String = "NULL"
		}
		out = append(out, v.String)
	}
	return out
}

func wantValues(t *testing.T, gdb *gorm.DB, table, column string, want ...string) {
	t.Helper()
	if got := values(t, gdb, table, column); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s.%s = %q, want %q", table, column, got, want)
	}
}

// fixtureSurvives checks that every fixture column but those listed
// ("table.column", or "table.*") still holds the fixture's rows.
func fixtureSurvives(t *testing.T, gdb *gorm.DB, except ...string) {
	t.Helper()
	skip := map[string]bool{}
	for _, e := range except {
		skip[e] = true
	}
	for key, want := range fixtureRows {
		table, column, _ := strings.Cut(key, ".")
		if !skip[key] && !skip[table+".*"] {
			wantValues(t, gdb, table, column, want...)
		}
	}
}

// column is what the catalog says about a column.
type column struct {
	Type    schema.Type
	NotNull bool
	Default string // canonical
	Comment string // PostgreSQL only
}

const (
	pgColumnQuery = `SELECT format_type(a.atttypid, a.atttypmod), a.attnotnull,
	COALESCE(pg_get_expr(d.adbin, d.adrelid), ''), COALESCE(col_description(a.attrelid, a.attnum), '')
FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = to_regclass(quote_ident(?)) AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped`
	sqliteColumnQuery = `SELECT type, "notnull", COALESCE(dflt_value, ''), '' FROM pragma_table_info(?) WHERE name = ?`
)

// columnOf reads a column from the catalog; ok is false when there is none.
func columnOf(t *testing.T, gdb *gorm.DB, table, name string) (c column, ok bool) {
	t.Helper()
	q := map[dialect.Dialect]string{dialect.Postgres: pgColumnQuery, dialect.SQLite: sqliteColumnQuery}[dialectOf(t, gdb)]
	var typ string
	err := gdb.Raw(q, table, name).Row().Scan(&typ, &c.NotNull, &c.Default, &c.Comment)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false
	}
	if err != nil {
		t.Fatalf("read column %s.%s: %v", table, name, err)
	}
	if c.Type, err = schema.ParseType(typ); err != nil {
		t.Fatal(err)
	}
	c.Default = schema.CanonicalDefault(c.Default)
	return c, true
}

func mustColumn(t *testing.T, gdb *gorm.DB, table, name string) column {
	t.Helper()
	c, ok := columnOf(t, gdb, table, name)
	if !ok {
		t.Fatalf("column %s.%s does not exist", table, name)
	}
	return c
}

func noColumn(t *testing.T, gdb *gorm.DB, table, name string) {
	t.Helper()
	if _, ok := columnOf(t, gdb, table, name); ok {
		t.Errorf("column %s.%s still exists", table, name)
	}
}

// exists reports whether the catalog holds a table or an index called name.
func exists(t *testing.T, gdb *gorm.DB, kind, name string) bool {
	t.Helper()
	q := `SELECT count(*) FROM sqlite_master WHERE type = ? AND name = ?`
	args := []any{kind, name}
	if dialectOf(t, gdb) == dialect.Postgres {
		q, args = `SELECT count(*) FROM pg_class WHERE relkind = ? AND relname = ?`, []any{map[string]string{"table": "r", "index": "i"}[kind], name}
	}
	var n int
	if err := gdb.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// referencedTable reads which table a foreign key over column of table references.
func referencedTable(t *testing.T, gdb *gorm.DB, table, column string) string {
	t.Helper()
	q := `SELECT "table" FROM pragma_foreign_key_list(?) WHERE "from" = ?`
	if dialectOf(t, gdb) == dialect.Postgres {
		q = `SELECT r.relname FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid
			JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
			WHERE k.conrelid = to_regclass(quote_ident(?)) AND a.attname = ?`
	}
	var ref string
	if err := gdb.Raw(q, table, column).Scan(&ref).Error; err != nil {
		t.Fatal(err)
	}
	return ref
}

// constraints lists a PostgreSQL table's constraint names.
func constraints(t *testing.T, gdb *gorm.DB, table string) []string {
	t.Helper()
	var names []string
	err := gdb.Raw(`SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(quote_ident(?)) ORDER BY conname`, table).Scan(&names).Error
	if err != nil {
		t.Fatal(err)
	}
	return names
}

var errProbe = errors.New("probe rolled back")

// probe runs sql in a transaction it rolls back, returning the database's error.
func probe(gdb *gorm.DB, sql string) error {
	err := gdb.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(sql).Error; err != nil {
			return err
		}
		return errProbe
	})
	if errors.Is(err, errProbe) {
		return nil
	}
	return err
}

func accepts(t *testing.T, gdb *gorm.DB, sql string) {
	t.Helper()
	if err := probe(gdb, sql); err != nil {
		t.Errorf("%s: %v, want it accepted", sql, err)
	}
}

func rejects(t *testing.T, gdb *gorm.DB, sql string) {
	t.Helper()
	if err := probe(gdb, sql); err == nil {
		t.Errorf("%s was accepted, want it rejected", sql)
	}
}

// dump reads the database's schema as JSON, for comparing two states.
func dump(t *testing.T, gdb *gorm.DB) string {
	t.Helper()
	s, err := inspect.Schema(t.Context(), gdb)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
