package op

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/matar-app/matardb/db/dialect"

	"github.com/matar-app/matardb/db/schema"
)

// sqliteStatements renders o for SQLite. What SQLite's ALTER TABLE cannot do
// (RebuildsSQLiteTable) is done by rebuilding the table (see
// sqliteRebuild), which reads the table's definition from before.
func sqliteStatements(o Op, before *schema.Schema) ([]string, error) {
	if table := RebuildsSQLiteTable(o); table != "" {
		return sqliteRebuild(before, table, o)
	}
	switch o := o.(type) {
	case CreateTableOp:
		return sqliteCreateTable(&o.Table)
	case DropTableOp:
		return []string{"DROP TABLE " + quote(o.Name)}, nil
	case RenameTableOp:
		return []string{alterTable(o.From, "RENAME TO "+quote(o.To))}, nil
	case AddColumnOp:
		return sqliteAddColumn(o)
	case RenameColumnOp:
		return []string{alterTable(o.Table, fmt.Sprintf("RENAME COLUMN %s TO %s", quote(o.From), quote(o.To)))}, nil
	case AlterColumnOp:
		return nil, nil // only a comment changes, and SQLite keeps no comments
	case CreateIndexOp:
		return []string{createIndexSQL(dialect.SQLite, o.Table, &o.Index)}, nil
	case DropIndexOp:
		return []string{"DROP INDEX " + quote(o.Name)}, nil
	case ExecuteOp:
		return []string{o.SQL}, nil
	case CreateIndexConcurrentlyOp:
		return []string{createIndexSQL(dialect.SQLite, o.Table, &o.Index)}, nil
	case DropIndexConcurrentlyOp:
		return []string{"DROP INDEX " + quote(o.Name)}, nil
	case ValidateConstraintOp:
		return nil, nil // SQLite checked the constraint when its rebuild added it
	case FillInBatchesOp:
		return []string{sqliteFill(o)}, nil
	default:
		return nil, fmt.Errorf("unsupported operation %T", o)
	}
}

// RebuildsSQLiteTable returns the table o rebuilds on SQLite, or "" when
// SQLite's ALTER TABLE makes the change in place. SQLite rebuilds to drop
// or alter a column (type, nullability, default), to add or drop a foreign
// key or check, and to add a column ALTER TABLE ADD COLUMN refuses (NOT
// NULL without a constant default, a key, a check, a reference).
func RebuildsSQLiteTable(o Op) string {
	switch o := o.(type) {
	case AddColumnOp:
		if !sqliteAddsInPlace(&o.Column) {
			return o.Table
		}
	case AlterColumnOp:
		if o.Type != nil || o.NotNull != nil || o.Default != nil || o.AutoIncrement != nil {
			return o.Table
		}
	case DropColumnOp:
		return o.Table
	case CreateIndexOp:
		if o.Index.Constraint {
			return o.Table
		}
	case DropIndexOp:
		if o.Constraint {
			return o.Table
		}
	case AddForeignKeyOp:
		return o.Table
	case DropForeignKeyOp:
		return o.Table
	case AddCheckOp:
		return o.Table
	case DropCheckOp:
		return o.Table
	case AddForeignKeyNotValidOp:
		return o.Table
	case AddCheckNotValidOp:
		return o.Table
	case AddUniqueUsingIndexOp:
		return o.Table
	}
	return ""
}

// sqliteType spells t as a declared type that schema.ParseType reads back
// as t.
func sqliteType(t schema.Type) (string, error) {
	switch t.Kind {
	case schema.KindString:
		if t.Size > 0 {
			return fmt.Sprintf("varchar(%d)", t.Size), nil
		}
		return "varchar", nil
	case schema.KindNumeric:
		return numericType(t), nil
	case schema.KindDouble:
		return "double precision", nil
	case schema.KindBytes:
		return "blob", nil
	case schema.KindTimestamp:
		// datetime is GORM's spelling for a time.Time; the driver reads
		// both back into time.Time.
		if t.Precision > 0 {
			return "timestamp" + precision(t), nil
		}
		return "datetime", nil
	case schema.KindTimestampTZ:
		// SQLite keeps no time zone, and its driver turns only DATE,
		// DATETIME and TIMESTAMP columns back into time.Time: a timestamptz
		// (a time.Time of a history written for PostgreSQL) is declared as
		// GORM declares a time.Time here, and reads back as a timestamp.
		return "datetime", nil
	case schema.KindRaw:
		return rawType(t)
	case schema.KindText, schema.KindSmallInt, schema.KindInteger, schema.KindBigInt, schema.KindBoolean,
		schema.KindReal, schema.KindDate,
		schema.KindJSON, schema.KindJSONB, schema.KindUUID:
		return string(t.Kind), nil
	}
	return "", fmt.Errorf("unsupported column type %q", t.Kind)
}

var (
	// sqliteConstant matches the defaults ALTER TABLE ADD COLUMN accepts
	// whatever the table holds: numbers, strings, blobs, booleans and NULL.
	// A double-quoted string is a string too where no column has that name,
	// as GORM writes a string default on SQLite (DEFAULT "").
	sqliteConstant = regexp.MustCompile(`^(?i:[-+]?\d+(\.\d*)?(e[-+]?\d+)?|'([^']|'')*'|"([^"]|"")*"|x'[0-9a-f]*'|true|false|null)$`)
	// sqliteKeyword matches the defaults SQLite accepts unparenthesised
	// besides constants.
	sqliteKeyword = regexp.MustCompile(`^(?i:current_timestamp|current_date|current_time)$`)
)

// sqliteDefault spells a default expression for a column definition: SQLite
// takes anything but a literal only in parentheses.
func sqliteDefault(expr string) string {
	if expr == "" || sqliteConstant.MatchString(expr) || sqliteKeyword.MatchString(expr) {
		return expr
	}
	return "(" + expr + ")"
}

// sqliteAddsInPlace reports whether ALTER TABLE ADD COLUMN can add c to a
// table holding rows: a NOT NULL column needs a default, and the default
// must be a constant.
func sqliteAddsInPlace(c *schema.Column) bool {
	if c.Default == "" {
		return !c.NotNull
	}
	return sqliteConstant.MatchString(c.Default)
}

// sqliteColumn renders c as a column definition. An auto-increment
// column is declared as GORM declares it, INTEGER PRIMARY KEY
// AUTOINCREMENT: the table's key (see sqliteCreateTableAs).
func sqliteColumn(c *schema.Column) (string, error) {
	if c.AutoIncrement {
		if c.Type.Kind != schema.KindInteger && c.Type.Kind != schema.KindBigInt && c.Type.Kind != schema.KindSmallInt {
			return "", fmt.Errorf("column %q: auto-increment needs an integer type, not %s", c.Name, c.Type)
		}
		return quote(c.Name) + " integer PRIMARY KEY AUTOINCREMENT", nil
	}
	typ, err := sqliteType(c.Type)
	if err != nil {
		return "", fmt.Errorf("column %q: %w", c.Name, err)
	}
	s := quote(c.Name) + " " + typ
	if c.NotNull {
		s += " NOT NULL"
	}
	if c.Default != "" {
		// Last, as GORM writes it: GORM's SQLite migrator reads a default
		// up to the end of the definition.
		s += " DEFAULT " + sqliteDefault(c.Default)
	}
	return s, nil
}

func sqliteAddColumn(o AddColumnOp) ([]string, error) {
	def, err := sqliteColumn(&o.Column)
	if err != nil {
		return nil, err
	}
	stmts := []string{alterTable(o.Table, "ADD COLUMN "+def)}
	if o.Fill != "" {
		stmts = append(stmts, updateSQL(o.Table, o.Column.Name, o.Fill))
	}
	return stmts, nil
}

// sqliteCreateTable renders CREATE TABLE and the table's indexes.
func sqliteCreateTable(t *schema.Table) ([]string, error) {
	create, err := sqliteCreateTableAs(t, t.Name)
	if err != nil {
		return nil, err
	}
	return append([]string{create}, createIndexesSQL(dialect.SQLite, t)...), nil
}

// sqliteCreateTableAs renders CREATE TABLE for t under the given name. The
// primary key is a table constraint; foreign keys and checks are named
// constraints, so that their names can be read back from sqlite_master.
func sqliteCreateTableAs(t *schema.Table, name string) (string, error) {
	defs := make([]string, 0, len(t.Columns)+1)
	for _, c := range t.Columns {
		def, err := sqliteColumn(c)
		if err != nil {
			return "", fmt.Errorf("table %q: %w", t.Name, err)
		}
		defs = append(defs, def)
	}
	auto := slices.ContainsFunc(t.Columns, func(c *schema.Column) bool { return c.AutoIncrement })
	switch {
	case auto && (len(t.PrimaryKey) != 1 || !t.Column(t.PrimaryKey[0]).AutoIncrement):
		return "", fmt.Errorf("table %q: on SQLite an auto-increment column must be the whole primary key", t.Name)
	case !auto && len(t.PrimaryKey) > 0:
		defs = append(defs, fmt.Sprintf("PRIMARY KEY (%s)", quoteList(t.PrimaryKey)))
	}
	// Spaces, not tabs: GORM's SQLite migrator takes a tab for a quote
	// when it reads the definition back.
	return createTableSQL(name, append(defs, constraintDefs(t)...), "    "), nil
}

// rebuildPrefix starts the name of the table a rebuild builds before it takes
// the original's name.
const rebuildPrefix = "_matardb_tmp_"

// sqliteRebuild renders changes ALTER TABLE cannot make, the way Alembic's
// batch mode does: create the changed table under a temporary name, copy the
// rows, drop the original, give the new table its name and re-create its
// indexes. run is one operation, or several that change table name one
// after the other (see sqliteRun): the table is rebuilt once, as all of
// them leave it. A column the original has is copied unless run drops it;
// a column run adds gets its backfill (an expression evaluated per row of
// the original), or else its default.
//
// The statements must run in one transaction, on a connection whose
// PRAGMA foreign_keys is off when the table is referenced (see Apply).
// Values are copied as they are; SQLite converts them to the new column's
// type affinity where that loses nothing.
func sqliteRebuild(before *schema.Schema, name string, run ...Op) ([]string, error) {
	if before == nil {
		return nil, fmt.Errorf("rebuilding SQLite table %q needs its current definition: pass the schema before the operation", name)
	}
	old := before.Table(name)
	if old == nil {
		return nil, fmt.Errorf("table %q does not exist", name)
	}
	after := before.Clone()
	values := make(map[string]string, len(old.Columns))
	for _, c := range old.Columns {
		values[c.Name] = quote(c.Name)
	}
	for _, o := range run {
		if err := o.Mutate(after); err != nil {
			return nil, err
		}
		switch o := o.(type) {
		case AddColumnOp:
			values[o.Column.Name] = o.Fill
		case DropColumnOp:
			delete(values, o.Column)
		case AlterColumnOp:
			if v := values[o.Column]; v != "" && o.Fill != "" {
				values[o.Column] = fmt.Sprintf("COALESCE(%s, %s)", v, o.Fill)
			}
		}
	}
	t := after.Table(name)
	tmp := rebuildPrefix + name
	create, err := sqliteCreateTableAs(t, tmp)
	if err != nil {
		return nil, err
	}
	stmts := []string{create}
	if copyRows := copySQL(t, name, tmp, values); copyRows != "" {
		stmts = append(stmts, copyRows)
	}
	stmts = append(stmts, "DROP TABLE "+quote(name), alterTable(tmp, "RENAME TO "+quote(name)))
	return append(stmts, createIndexesSQL(dialect.SQLite, t)...), nil
}

// copySQL copies the rows of the table from into the table to, which is
// defined by t: each column of t that values gives an expression for.
func copySQL(t *schema.Table, from, to string, values map[string]string) string {
	var cols, exprs []string
	for _, c := range t.Columns {
		if v := values[c.Name]; v != "" {
			cols, exprs = append(cols, quote(c.Name)), append(exprs, v)
		}
	}
	if len(cols) == 0 {
		return ""
	}
	return fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s",
		quote(to), joinComma(cols), joinComma(exprs), quote(from))
}

// sqliteRun returns the table the first of ops rebuilds on SQLite, and how
// many operations from the first one a single rebuild can make: it and the
// ones right after it that rebuild the same table, each backfill among
// those being a constant (a constant reads the same from the original rows
// as from rows an earlier operation of the run changed). It returns "" and
// 1 when the first operation runs in place.
//
// A run is rebuilt as its operations leave the table, so a change that one
// operation makes and a later one undoes is never checked against the
// rows: a check added and dropped again, a column made NOT NULL and then
// nullable.
func sqliteRun(ops []Op) (table string, n int) {
	table = RebuildsSQLiteTable(ops[0])
	if table == "" {
		return "", 1
	}
	n = 1
	for n < len(ops) && RebuildsSQLiteTable(ops[n]) == table && constantFill(ops[n]) {
		n++
	}
	return table, n
}

// constantFill reports whether o backfills nothing or a constant.
func constantFill(o Op) bool {
	add, ok := o.(AddColumnOp)
	return !ok || add.Fill == "" || sqliteConstant.MatchString(add.Fill) || sqliteKeyword.MatchString(add.Fill)
}
