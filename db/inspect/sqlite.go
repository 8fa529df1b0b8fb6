package inspect

import (
	"cmp"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/matar-app/matardb/db/schema"
	"gorm.io/gorm"
)

// sqliteSchema reads the main database in four queries (tables, columns,
// indexes, foreign keys) through the table-valued pragma functions, then
// names foreign keys and reads checks from each CREATE TABLE text.
func sqliteSchema(db *gorm.DB) (*schema.Schema, error) {
	r := sqliteReader{
		tables: newTables(),
		ddl:    map[string]string{},
		pk:     map[string][]pkColumn{},
		fks:    map[string][]*sqliteFK{},

		indexSQL: map[*schema.Index]string{},
	}
	steps := []struct {
		what, query string
		scan        func(*sql.Rows) error
	}{
		{"tables", sqliteTablesQuery, r.table},
		{"columns", sqliteColumnsQuery, r.column},
		{"indexes", sqliteIndexesQuery, r.index},
		{"foreign keys", sqliteForeignKeysQuery, r.foreignKey},
	}
	for _, s := range steps {
		if err := query(db, s.what, s.query, s.scan); err != nil {
			return nil, err
		}
	}
	for _, t := range r.tables.schema.Tables {
		if err := r.finish(t); err != nil {
			return nil, fmt.Errorf("table %q: %w", t.Name, err)
		}
	}
	markPrimaryKeyNotNull(&r.tables.schema)
	return &r.tables.schema, nil
}

// sqliteTables restricts a query on sqlite_master m to the ordinary tables
// that are not SQLite's own.
const sqliteTables = `m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
	AND coalesce(m.sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%'`

const sqliteTablesQuery = `SELECT m.name, coalesce(m.sql, '') FROM sqlite_master m WHERE ` + sqliteTables

const sqliteColumnsQuery = `
SELECT m.name, p.name, p.type, p."notnull", coalesce(p.dflt_value, ''), p.pk
FROM sqlite_master m JOIN pragma_table_info(m.name) p
WHERE ` + sqliteTables + `
ORDER BY m.name, p.cid`

// sqliteIndexesQuery lists the key parts of every index other than the
// primary key's, one row per part in key order: those made by CREATE INDEX
// and those of UNIQUE table constraints (origin "u", named
// sqlite_autoindex_*), with each part's column (cid -2 for an expression),
// order and collation, and the CREATE INDEX text.
const sqliteIndexesQuery = `
SELECT m.name, il.name, il."unique", il.origin = 'u', coalesce(ix.sql, ''),
	xi.cid, coalesce(xi.name, ''), xi."desc", coalesce(xi.coll, '')
FROM sqlite_master m
JOIN pragma_index_list(m.name) il
JOIN pragma_index_xinfo(il.name) xi
LEFT JOIN sqlite_master ix ON ix.type = 'index' AND ix.name = il.name
WHERE ` + sqliteTables + ` AND il.origin <> 'pk' AND xi.key
ORDER BY m.name, il.name, xi.seqno`

const sqliteForeignKeysQuery = `
SELECT m.name, f.id, f."table", f."from", coalesce(f."to", ''), f.on_update, f.on_delete
FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
WHERE ` + sqliteTables + `
ORDER BY m.name, f.id, f.seq`

// sqliteReader accumulates the rows of the SQLite queries.
type sqliteReader struct {
	tables *tables
	ddl    map[string]string      // table -> CREATE TABLE text
	pk     map[string][]pkColumn  // table -> primary key columns
	fks    map[string][]*sqliteFK // table -> foreign keys in pragma id order
	// indexSQL maps an index made by CREATE INDEX to its text, read for
	// expressions and predicates when the table is finished.
	indexSQL map[*schema.Index]string
}

type pkColumn struct {
	position int
	name     string
}

// sqliteFK is a foreign key as the pragma reports it, still unnamed.
type sqliteFK struct {
	id int
	fk schema.ForeignKey
}

func (r *sqliteReader) table(rows *sql.Rows) error {
	var name, ddl string
	if err := rows.Scan(&name, &ddl); err != nil {
		return err
	}
	if r.tables.add(name) != nil {
		r.ddl[name] = ddl
	}
	return nil
}

func (r *sqliteReader) column(rows *sql.Rows) error {
	var table, name, typ, def string
	var notNull bool
	var pk int
	if err := rows.Scan(&table, &name, &typ, &notNull, &def, &pk); err != nil {
		return err
	}
	t := r.tables.get(table)
	if t == nil {
		return nil
	}
	t.Columns = append(t.Columns, column(name, typ, notNull, def, ""))
	if pk > 0 {
		r.pk[table] = append(r.pk[table], pkColumn{pk, name})
	}
	return nil
}

func (r *sqliteReader) index(rows *sql.Rows) error {
	var table, name, ddl, column, collate string
	var unique, constraint, desc bool
	var cid int
	if err := rows.Scan(&table, &name, &unique, &constraint, &ddl, &cid, &column, &desc, &collate); err != nil {
		return err
	}
	t := r.tables.get(table)
	if t == nil {
		return nil
	}
	i := t.Index(name)
	if i == nil {
		i = &schema.Index{Name: name, Unique: unique, Constraint: constraint}
		t.Indexes = append(t.Indexes, i)
		if ddl != "" {
			r.indexSQL[i] = ddl
		}
	}
	part := schema.IndexPart{Desc: desc, Collate: collate}
	if cid == -2 {
		part.Expression = "?" // filled in from the CREATE INDEX text by finishIndexes
	}
	// Parts is kept for every index until finishIndexes knows the
	// columns' own collations.
	i.Columns = append(i.Columns, column)
	i.Parts = append(i.Parts, part)
	return nil
}

func (r *sqliteReader) foreignKey(rows *sql.Rows) error {
	var table, refTable, from, to, onUpdate, onDelete string
	var id int
	if err := rows.Scan(&table, &id, &refTable, &from, &to, &onUpdate, &onDelete); err != nil {
		return err
	}
	if r.tables.get(table) == nil {
		return nil
	}
	list := r.fks[table]
	if len(list) == 0 || list[len(list)-1].id != id {
		list = append(list, &sqliteFK{id: id, fk: schema.ForeignKey{
			RefTable: refTable,
			OnDelete: schema.CanonicalAction(onDelete),
			OnUpdate: schema.CanonicalAction(onUpdate),
		}})
		r.fks[table] = list
	}
	f := &list[len(list)-1].fk
	f.Columns = append(f.Columns, from)
	if to != "" {
		f.RefColumns = append(f.RefColumns, to)
	}
	return nil
}

// finish sets t's primary key, then its checks and foreign keys, named
// from the CREATE TABLE text.
func (r *sqliteReader) finish(t *schema.Table) error {
	t.PrimaryKey = r.primaryKey(t.Name)
	ddl, err := parseCreateTable(r.ddl[t.Name])
	if err != nil {
		return fmt.Errorf("read constraint names from CREATE TABLE: %w", err)
	}
	used := map[string]bool{}
	for _, f := range ddl.foreignKeys {
		used[f.name] = true
	}
	for _, k := range ddl.checks {
		used[k.name] = true
	}
	for _, k := range ddl.checks {
		name := k.name
		if name == "" {
			name = uniqueName(checkName(t, k.expr), used)
		}
		t.Checks = append(t.Checks, &schema.Check{Name: name, Expr: k.expr})
	}
	for _, f := range r.fks[t.Name] {
		t.ForeignKeys = append(t.ForeignKeys, r.nameForeignKey(t.Name, f.fk, &ddl, used))
	}
	for _, c := range t.Columns {
		c.AutoIncrement = slices.ContainsFunc(ddl.autoIncrement, func(n string) bool { return strings.EqualFold(n, c.Name) })
	}
	return r.finishIndexes(t, &ddl)
}

// nameForeignKey completes fk of table: its declared name, or the one
// PostgreSQL would give it, and the referenced primary key when the
// declaration names no columns.
func (r *sqliteReader) nameForeignKey(table string, fk schema.ForeignKey, ddl *tableDDL, used map[string]bool) *schema.ForeignKey {
	fk.Name = takeForeignKeyName(ddl, fk)
	if fk.Name == "" {
		fk.Name = uniqueName(table+"_"+strings.Join(fk.Columns, "_")+"_fkey", used)
	}
	if len(fk.RefColumns) == 0 {
		fk.RefColumns = r.primaryKey(fk.RefTable)
	}
	return &fk
}

// primaryKey returns the primary key columns of table in key order.
func (r *sqliteReader) primaryKey(table string) []string {
	pk := slices.SortedFunc(slices.Values(r.pk[table]), func(a, b pkColumn) int { return cmp.Compare(a.position, b.position) })
	var cols []string
	for _, c := range pk {
		cols = append(cols, c.name)
	}
	return cols
}

// takeForeignKeyName finds the declared foreign key over the same columns
// referencing the same table as fk, removes it from ddl so that it matches
// once, and returns its name ("" when it has none).
func takeForeignKeyName(ddl *tableDDL, fk schema.ForeignKey) string {
	i := slices.IndexFunc(ddl.foreignKeys, func(d ddlForeignKey) bool {
		return strings.EqualFold(d.refTable, fk.RefTable) &&
			slices.EqualFunc(d.columns, fk.Columns, strings.EqualFold)
	})
	if i < 0 {
		return ""
	}
	name := ddl.foreignKeys[i].name
	ddl.foreignKeys = slices.Delete(ddl.foreignKeys, i, i+1)
	return name
}

// checkName is the name PostgreSQL gives an unnamed check on table t:
// "<table>_<column>_check" when expr uses exactly one column, else
// "<table>_check".
func checkName(t *schema.Table, expr string) string {
	toks, _ := tokenize(expr) // expr was cut from text that tokenized cleanly
	var used []string
	for _, tok := range toks {
		if tok.kind != tokWord && tok.kind != tokQuoted {
			continue
		}
		for _, c := range t.Columns {
			if strings.EqualFold(c.Name, tok.text) && !slices.Contains(used, c.Name) {
				used = append(used, c.Name)
			}
		}
	}
	if len(used) == 1 {
		return t.Name + "_" + used[0] + "_check"
	}
	return t.Name + "_check"
}

// uniqueName returns base, or base followed by the first number that makes
// it unused, as PostgreSQL does, and marks it used.
func uniqueName(base string, used map[string]bool) string {
	name := base
	for n := 1; used[name]; n++ {
		name = base + strconv.Itoa(n)
	}
	used[name] = true
	return name
}
