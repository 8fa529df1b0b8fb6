package inspect

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/matar-app/matardb/db/schema"
	"gorm.io/gorm"
)

// postgresSchema reads the current schema in three queries: columns,
// constraints and indexes.
func postgresSchema(db *gorm.DB) (*schema.Schema, error) {
	ts := newTables()
	if err := query(db, "columns", pgColumnsQuery, pgColumn(ts)); err != nil {
		return nil, err
	}
	if err := query(db, "constraints", pgConstraintsQuery, pgConstraint(ts)); err != nil {
		return nil, err
	}
	markPrimaryKeyNotNull(&ts.schema)
	if err := query(db, "indexes", pgIndexesQuery, pgIndex(ts)); err != nil {
		return nil, err
	}
	return &ts.schema, nil
}

// pgTables restricts a query on pg_class c to the ordinary and partitioned
// tables of the current schema, leaving out partitions.
const pgTables = `c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
	AND c.relkind IN ('r', 'p') AND NOT c.relispartition`

// pgColumnsQuery lists every table (a table without columns once, with a
// NULL column) and its columns in ordinal order. The default of a generated
// column is its generation expression, not a default, and is left out. A
// column is auto-increment when it is an identity column or owns a
// sequence (serial, bigserial: what GORM creates for an auto-increment
// field) other than a marker of matardb's digest, which a bookkeeping
// table's id owns.
const pgColumnsQuery = `
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
	CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
	col_description(c.oid, a.attnum),
	coalesce(a.attidentity <> '' OR EXISTS (SELECT 1 FROM pg_depend dep
		JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S' AND s.relname NOT LIKE 'matardb\_digest\_%'
		WHERE dep.classid = 'pg_class'::regclass AND dep.refobjid = c.oid
			AND dep.refobjsubid = a.attnum AND dep.deptype IN ('a', 'i')), false)
FROM pg_class c
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE ` + pgTables + `
ORDER BY c.relname, a.attnum`

func pgColumn(ts *tables) func(*sql.Rows) error {
	return func(rows *sql.Rows) error {
		var table string
		var name, typ, def, comment sql.NullString
		var notNull, autoIncrement sql.NullBool
		if err := rows.Scan(&table, &name, &typ, &notNull, &def, &comment, &autoIncrement); err != nil {
			return err
		}
		t := ts.add(table)
		if t == nil || !name.Valid {
			return nil
		}
		d := def.String
		if autoIncrement.Bool && strings.HasPrefix(d, "nextval(") {
			d = "" // the serial's own sequence, implied by AutoIncrement
		}
		c := column(name.String, typ.String, notNull.Bool, d, comment.String)
		c.AutoIncrement = autoIncrement.Bool
		t.Columns = append(t.Columns, c)
		return nil
	}
}

// pgKeyColumns renders the names of the columns numbered by the int2[]
// keys of relation rel, in key order, as a JSON array.
func pgKeyColumns(keys, rel string) string {
	return `coalesce((SELECT json_agg(a.attname ORDER BY k.i)
		FROM unnest(` + keys + `) WITH ORDINALITY AS k(n, i)
		JOIN pg_attribute a ON a.attrelid = ` + rel + ` AND a.attnum = k.n), '[]')::text`
}

// pgConstraintsQuery lists primary keys, foreign keys and checks.
var pgConstraintsQuery = `
SELECT c.relname, con.conname, con.contype::text,
	` + pgKeyColumns("con.conkey", "con.conrelid") + `,
	coalesce(r.relname, ''),
	` + pgKeyColumns("con.confkey", "con.confrelid") + `,
	con.confdeltype::text, con.confupdtype::text,
	CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid) ELSE '' END
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_class r ON r.oid = con.confrelid
WHERE con.contype IN ('p', 'f', 'c') AND ` + pgTables

func pgConstraint(ts *tables) func(*sql.Rows) error {
	return func(rows *sql.Rows) error {
		var table, name, kind, cols, refTable, refCols, onDelete, onUpdate, def string
		if err := rows.Scan(&table, &name, &kind, &cols, &refTable, &refCols, &onDelete, &onUpdate, &def); err != nil {
			return err
		}
		t := ts.get(table)
		if t == nil {
			return nil
		}
		columns, err := jsonNames(cols)
		if err != nil {
			return fmt.Errorf("constraint %q on %q: %w", name, table, err)
		}
		switch kind {
		case "p":
			t.PrimaryKey = columns
		case "c":
			t.Checks = append(t.Checks, &schema.Check{Name: name, Expr: pgCheckExpr(def)})
		case "f":
			refColumns, err := jsonNames(refCols)
			if err != nil {
				return fmt.Errorf("foreign key %q on %q: %w", name, table, err)
			}
			t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKey{
				Name: name, Columns: columns, RefTable: refTable, RefColumns: refColumns,
				OnDelete: pgAction(onDelete), OnUpdate: pgAction(onUpdate),
			})
		}
		return nil
	}
}

// pgAction spells out pg_constraint's one-letter referential action.
func pgAction(code string) string {
	switch code {
	case "r":
		return schema.CanonicalAction("RESTRICT")
	case "c":
		return schema.CanonicalAction("CASCADE")
	case "n":
		return schema.CanonicalAction("SET NULL")
	case "d":
		return schema.CanonicalAction("SET DEFAULT")
	}
	return schema.CanonicalAction("NO ACTION")
}

// pgCheckExpr takes the expression out of pg_get_constraintdef's
// "CHECK ((expr))[ NOT VALID]", so that adding CHECK (expr) again gives the
// same definition back.
func pgCheckExpr(def string) string {
	rest, ok := strings.CutPrefix(def, "CHECK ")
	if !ok || !strings.HasPrefix(rest, "(") {
		return def
	}
	closing := matchingParen(rest, 0)
	if closing < 0 {
		return def
	}
	return unwrapParens(rest[1:closing])
}

// pgIndexesQuery lists the key parts of the indexes that are not a primary
// key or an exclusion constraint, one row per part in key order (INCLUDE
// columns are left out), with what the index says about each: the column
// or the expression, descending order, a collation other than the
// column's, an operator class that is not the type's default.
var pgIndexesQuery = `
SELECT c.relname, i.relname, x.indisunique,
	CASE WHEN am.amname = 'btree' THEN '' ELSE am.amname END,
	coalesce(pg_get_expr(x.indpred, x.indrelid, true), ''),
	EXISTS (SELECT 1 FROM pg_constraint k
		WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype = 'u'),
	coalesce(a.attname, ''),
	CASE WHEN x.indkey[k.n - 1] = 0 THEN pg_get_indexdef(x.indexrelid, k.n::int, true) ELSE '' END,
	(x.indoption[k.n - 1] & 1) = 1,
	coalesce((SELECT co.collname FROM pg_collation co WHERE co.oid = x.indcollation[k.n - 1]
		AND co.oid <> coalesce(a.attcollation, 100) AND co.oid <> 0), ''),
	coalesce((SELECT oc.opcname FROM pg_opclass oc WHERE oc.oid = x.indclass[k.n - 1] AND NOT oc.opcdefault), '')
FROM pg_index x
JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_am am ON am.oid = i.relam
CROSS JOIN generate_series(1, x.indnkeyatts) AS k(n)
LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.n - 1] AND x.indkey[k.n - 1] <> 0
WHERE NOT x.indisprimary AND NOT x.indisexclusion AND ` + pgTables + `
ORDER BY c.relname, i.relname, k.n`

func pgIndex(ts *tables) func(*sql.Rows) error {
	return func(rows *sql.Rows) error {
		var table, name, method, where, column string
		var unique, constraint bool
		var part schema.IndexPart
		if err := rows.Scan(&table, &name, &unique, &method, &where, &constraint,
			&column, &part.Expression, &part.Desc, &part.Collate, &part.Class); err != nil {
			return err
		}
		t := ts.get(table)
		if t == nil {
			return nil
		}
		i := t.Index(name)
		if i == nil {
			i = &schema.Index{Name: name, Unique: unique, Method: method, Where: where, Constraint: constraint}
			t.Indexes = append(t.Indexes, i)
		}
		addPart(i, column, part)
		return nil
	}
}

// jsonNames decodes a JSON array of names.
func jsonNames(s string) ([]string, error) {
	var names []string
	if err := json.Unmarshal([]byte(s), &names); err != nil {
		return nil, fmt.Errorf("decode column list %s: %w", s, err)
	}
	if len(names) == 0 {
		return nil, nil
	}
	return names, nil
}
