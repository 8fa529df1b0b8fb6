package op

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/schema"
)

// Apply runs ops, in order, on the database tx is connected to. It is what a
// migration's Migrate and Rollback functions call. tx should be a
// transaction (gormigrate's, or gorm's Transaction), so that a failing
// operation leaves the database as it was; the error names the operation
// that failed (all of them, when several made one SQLite rebuild).
//
// On PostgreSQL every operation is done in place with ALTER TABLE.
//
// On SQLite, changes ALTER TABLE cannot make (dropping or altering a column,
// adding or dropping a foreign key or check, adding a NOT NULL column without
// a constant default) rebuild the table, as Alembic's batch mode does.
// Consecutive operations that each rebuild the same table rebuild it once,
// copying the rows once into the table as the last of them leaves it; a
// backfill that is not a constant starts a rebuild of its own, since it may
// read a column an earlier operation added. The first rebuild reads the
// current schema from the database; Apply then keeps it current itself,
// re-reading it after an Execute. A rebuild drops the original table, which
// with foreign keys enforced would delete (or cascade to) the rows that
// reference it, so the caller must turn PRAGMA foreign_keys off on the
// connection before the transaction begins (it cannot change inside one),
// and should run PRAGMA foreign_key_check before committing, then turn it
// back on. db.Migrate does all of that. Apply refuses to rebuild a table
// that a foreign key references while foreign_keys is on.
//
// Given a connection outside a transaction (a NoTransaction migration's),
// Apply runs each operation that RunsOutsideTransaction on its own and
// each run of the others in a transaction of its own; given a transaction,
// it refuses the CONCURRENTLY operations on PostgreSQL.
//
// Every statement Apply sends, reads included, carries a context for which
// Issued reports true. Under a context from Capture, Apply runs nothing
// and records ops instead.
func Apply(tx *gorm.DB, ops ...Op) error {
	ctx := tx.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if captured(ctx, ops) {
		return nil
	}
	d, err := dialect.Parse(tx.Dialector.Name())
	if err != nil {
		return err
	}
	tx = tx.WithContext(context.WithValue(ctx, issuedKey{}, true))
	if !inTransaction(tx) {
		return applyOutside(tx, d, ops)
	}
	if err := refuseConcurrentlyInTx(tx, d, ops); err != nil {
		return err
	}
	return applyIn(tx, d, ops)
}

// applyIn runs ops on tx as they come.
func applyIn(tx *gorm.DB, d dialect.Dialect, ops []Op) error {
	if d == dialect.SQLite {
		return applySQLite(tx, ops)
	}
	for _, o := range ops {
		if err := execOp(tx, d, nil, o); err != nil {
			return err
		}
	}
	return nil
}

// applySQLite applies ops on SQLite, reading the schema only when a rebuild
// needs it.
func applySQLite(tx *gorm.DB, ops []Op) error {
	var cur *schema.Schema // nil until a rebuild needs it
	for len(ops) > 0 {
		table, n := sqliteRun(ops)
		run := ops[:n]
		ops = ops[n:]
		if table == "" {
			if err := execOp(tx, dialect.SQLite, cur, run[0]); err != nil {
				return err
			}
			cur = track(cur, run[0])
			continue
		}
		if cur == nil {
			s, err := currentSchema(tx)
			if err != nil {
				return fmt.Errorf("%s: read the current schema: %w", run[0], err)
			}
			cur = s
		}
		next, err := rebuild(tx, cur, table, run)
		if err != nil {
			return err
		}
		cur = next
	}
	return nil
}

// rebuild rebuilds table once for run, whose first operation meets the
// schema cur, and returns the schema after the run. cur is not changed.
func rebuild(tx *gorm.DB, cur *schema.Schema, table string, run []Op) (*schema.Schema, error) {
	after := cur.Clone()
	for _, o := range run {
		if err := checkRebuildable(tx, after, table); err != nil {
			return nil, fmt.Errorf("%s: %w", o, err)
		}
		if err := o.Mutate(after); err != nil {
			return nil, fmt.Errorf("%s: %w", o, err)
		}
	}
	stmts, err := sqliteRebuild(cur, table, run...)
	if err == nil {
		err = execAll(tx, stmts)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", runName(run), err)
	}
	return after, nil
}

// runName names the operations of a run in errors: "op" or "op; op; …".
func runName(run []Op) string {
	names := make([]string, len(run))
	for i, o := range run {
		names[i] = o.String()
	}
	return strings.Join(names, "; ")
}

// track returns cur changed by o, or nil when it can no longer be trusted
// and must be read again.
func track(cur *schema.Schema, o Op) *schema.Schema {
	if _, raw := o.(ExecuteOp); raw || cur == nil || o.Mutate(cur) != nil {
		return nil
	}
	return cur
}

// currentSchema reads the schema tx sees, uncommitted changes included.
func currentSchema(tx *gorm.DB) (*schema.Schema, error) {
	ctx := tx.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	return inspect.Schema(ctx, tx)
}

// issuedKey marks the context of the statements Apply sends.
type issuedKey struct{}

// Issued reports whether ctx is the context of a statement Apply sent. A
// tool that records what a migration sends (matardb upgrade --sql, through
// a GORM callback reading Statement.Context) tells with it the operations'
// SQL from statements the migration's own Go code issued.
func Issued(ctx context.Context) bool {
	issued, _ := ctx.Value(issuedKey{}).(bool)
	return issued
}

// ErrForeignKeysOn is returned by Apply when a SQLite table rebuild would
// drop a table that foreign keys reference while PRAGMA foreign_keys is on.
var ErrForeignKeysOn = errors.New("PRAGMA foreign_keys is on")

// checkRebuildable refuses to rebuild table while foreign keys are enforced
// and some foreign key references it.
func checkRebuildable(tx *gorm.DB, s *schema.Schema, table string) error {
	referenced := false
	for _, t := range s.Tables {
		for _, f := range t.ForeignKeys {
			referenced = referenced || f.RefTable == table
		}
	}
	if !referenced {
		return nil
	}
	var on int
	if err := tx.Raw("PRAGMA foreign_keys").Scan(&on).Error; err != nil {
		return fmt.Errorf("read PRAGMA foreign_keys: %w", err)
	}
	if on != 0 {
		return fmt.Errorf("rebuilding table %q, which foreign keys reference: %w; turn it off on the connection before the transaction begins (db.Migrate does)", table, ErrForeignKeysOn)
	}
	return nil
}

func execOp(tx *gorm.DB, d dialect.Dialect, before *schema.Schema, o Op) error {
	if f, ok := o.(FillInBatchesOp); ok {
		return f.fill(tx, d)
	}
	stmts, err := Statements(d, before, o)
	if err == nil {
		err = execAll(tx, stmts)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", o, err)
	}
	return nil
}

func execAll(tx *gorm.DB, stmts []string) error {
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return err
		}
	}
	return nil
}

// SQL renders ops for dialect d without a database, grouping them as Apply
// does: on SQLite, consecutive rebuilds of one table as one. (The command
// line's upgrade --sql does not use it: it runs whole migrations against an
// offline connection and records what Apply sends, so that a migration's
// own Go code is seen too.) before is the schema the first operation applies to
// (nil is an empty database); it is not changed. Each operation is checked
// against the schema the ones before it leave, so an operation that does
// not fit (a column added twice, a table that does not exist) is an error.
func SQL(d dialect.Dialect, before *schema.Schema, ops ...Op) ([]string, error) {
	cur := before.Clone()
	if cur == nil {
		cur = &schema.Schema{}
	}
	var out []string
	for len(ops) > 0 {
		table, n := "", 1
		if d == dialect.SQLite {
			table, n = sqliteRun(ops)
		}
		stmts, err := renderRun(d, cur, table, ops[:n])
		if err != nil {
			return nil, err
		}
		for _, o := range ops[:n] {
			if err := o.Mutate(cur); err != nil {
				return nil, fmt.Errorf("%s: %w", o, err)
			}
		}
		out = append(out, stmts...)
		ops = ops[n:]
	}
	return out, nil
}

// renderRun renders one operation, or a run of operations that rebuild one
// SQLite table (see sqliteRun) as one rebuild of table.
func renderRun(d dialect.Dialect, cur *schema.Schema, table string, run []Op) ([]string, error) {
	var stmts []string
	var err error
	if len(run) == 1 {
		stmts, err = Statements(d, cur, run[0])
	} else {
		stmts, err = sqliteRebuild(cur, table, run...)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", runName(run), err)
	}
	return stmts, nil
}

// The SQL both dialects share.

// quote renders name as a quoted identifier.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// quoteList renders names as a comma-separated list of quoted identifiers.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	return joinComma(q)
}

func joinComma(items []string) string { return strings.Join(items, ", ") }

func alterTable(table, action string) string { return "ALTER TABLE " + quote(table) + " " + action }

func updateSQL(table, column, value string) string {
	return fmt.Sprintf("UPDATE %s SET %s = %s", quote(table), quote(column), value)
}

// fillNullsSQL sets column to value where it is NULL.
func fillNullsSQL(table, column, value string) string {
	return updateSQL(table, column, value) + " WHERE " + quote(column) + " IS NULL"
}

// numericType spells a numeric type the same way on both dialects.
func numericType(t schema.Type) string {
	if t.Precision > 0 {
		return fmt.Sprintf("numeric(%d,%d)", t.Precision, t.Scale)
	}
	return "numeric"
}

// precision spells a timestamp's fractional-second digits: "(3)", or "".
func precision(t schema.Type) string {
	if t.Precision > 0 {
		return fmt.Sprintf("(%d)", t.Precision)
	}
	return ""
}

// rawType spells a KindRaw type verbatim.
func rawType(t schema.Type) (string, error) {
	if strings.TrimSpace(t.Raw) == "" {
		return "", errors.New("a raw column type needs its SQL spelling")
	}
	return t.Raw, nil
}

// columnSQL renders a column definition given its spelled type and default.
func columnSQL(c *schema.Column, typ, def string) string {
	s := quote(c.Name) + " " + typ
	if def != "" {
		s += " DEFAULT " + def
	}
	if c.NotNull {
		s += " NOT NULL"
	}
	return s
}

// createTableSQL renders CREATE TABLE with one definition a line, each
// indented by indent.
func createTableSQL(name string, defs []string, indent string) string {
	return fmt.Sprintf("CREATE TABLE %s (\n%s%s\n)", quote(name), indent, strings.Join(defs, ",\n"+indent))
}

// constraintDefs renders t's foreign keys and checks as table constraints.
func constraintDefs(t *schema.Table) []string {
	defs := make([]string, 0, len(t.ForeignKeys)+len(t.Checks))
	for _, f := range t.ForeignKeys {
		defs = append(defs, foreignKeySQL(f))
	}
	for _, k := range t.Checks {
		defs = append(defs, checkSQL(k))
	}
	for _, i := range t.Indexes {
		if i.Constraint {
			defs = append(defs, uniqueConstraintSQL(i))
		}
	}
	return defs
}

func foreignKeySQL(f *schema.ForeignKey) string {
	s := fmt.Sprintf("CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)",
		quote(f.Name), quoteList(f.Columns), quote(f.RefTable), quoteList(f.RefColumns))
	if f.OnDelete != "" {
		s += " ON DELETE " + f.OnDelete
	}
	if f.OnUpdate != "" {
		s += " ON UPDATE " + f.OnUpdate
	}
	return s
}

func checkSQL(k *schema.Check) string {
	return fmt.Sprintf("CONSTRAINT %s CHECK (%s)", quote(k.Name), k.Expr)
}

// createIndexSQL renders CREATE INDEX for dialect d with every option of
// the index: method (PostgreSQL's USING), key parts with their expression,
// collation, operator class and order, and a partial index's predicate.
// An index of a UNIQUE constraint is rendered with the table instead
// (constraintDefs, uniqueConstraintSQL).
func createIndexSQL(d dialect.Dialect, table string, i *schema.Index) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if i.Unique {
		b.WriteString("UNIQUE ")
	}
	fmt.Fprintf(&b, "INDEX %s ON %s", quote(i.Name), quote(table))
	if i.Method != "" && d == dialect.Postgres {
		b.WriteString(" USING " + i.Method)
	}
	parts := make([]string, len(i.Columns))
	for n, col := range i.Columns {
		parts[n] = indexPartSQL(d, col, i.Part(n))
	}
	fmt.Fprintf(&b, " (%s)", joinComma(parts))
	if i.Where != "" {
		b.WriteString(" WHERE " + i.Where)
	}
	return b.String()
}

// functionCall is an expression that is one function call, which both
// dialects take as a key part without parentheses.
var functionCall = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*\(.*\)$`)

// indexPartSQL renders one key part: column [COLLATE c] [class] [DESC].
func indexPartSQL(d dialect.Dialect, column string, p schema.IndexPart) string {
	s := quote(column)
	if p.Expression != "" {
		s = p.Expression
		if !functionCall.MatchString(s) {
			s = "(" + s + ")"
		}
	}
	if p.Collate != "" {
		c := p.Collate
		if d == dialect.Postgres {
			c = quote(c)
		}
		s += " COLLATE " + c
	}
	if p.Class != "" {
		s += " " + p.Class
	}
	if p.Desc {
		s += " DESC"
	}
	return s
}

// createIndexesSQL renders the table's indexes but those of its UNIQUE
// constraints, which its CREATE TABLE holds.
func createIndexesSQL(d dialect.Dialect, t *schema.Table) []string {
	var stmts []string
	for _, idx := range t.Indexes {
		if !idx.Constraint {
			stmts = append(stmts, createIndexSQL(d, t.Name, idx))
		}
	}
	return stmts
}

// uniqueConstraintSQL renders a UNIQUE constraint as a table constraint.
func uniqueConstraintSQL(i *schema.Index) string {
	return fmt.Sprintf("CONSTRAINT %s UNIQUE (%s)", quote(i.Name), quoteList(i.Columns))
}
