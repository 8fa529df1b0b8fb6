package op

import (
	"fmt"

	"github.com/matar-app/matardb/db/dialect"

	"github.com/matar-app/matardb/db/schema"
)

// postgresStatements renders o for PostgreSQL, whose ALTER TABLE makes every
// change in place, so it needs no schema.
func postgresStatements(o Op) ([]string, error) {
	switch o := o.(type) {
	case CreateTableOp:
		return postgresCreateTable(&o.Table)
	case DropTableOp:
		return []string{"DROP TABLE " + quote(o.Name)}, nil
	case RenameTableOp:
		// Renaming the primary key's index renames its constraint too, so the
		// key keeps the canonical "<table>_pkey" name; IF EXISTS covers keyless tables.
		return []string{
			alterTable(o.From, "RENAME TO "+quote(o.To)),
			fmt.Sprintf("ALTER INDEX IF EXISTS %s RENAME TO %s",
				quote(schema.PrimaryKeyName(o.From)), quote(schema.PrimaryKeyName(o.To))),
		}, nil
	case AddColumnOp:
		return postgresAddColumn(o)
	case DropColumnOp:
		return []string{alterTable(o.Table, "DROP COLUMN "+quote(o.Column))}, nil
	case RenameColumnOp:
		return []string{alterTable(o.Table, fmt.Sprintf("RENAME COLUMN %s TO %s", quote(o.From), quote(o.To)))}, nil
	case AlterColumnOp:
		return postgresAlterColumn(o)
	case CreateIndexOp:
		if o.Index.Constraint {
			return []string{alterTable(o.Table, "ADD "+uniqueConstraintSQL(&o.Index))}, nil
		}
		return []string{createIndexSQL(dialect.Postgres, o.Table, &o.Index)}, nil
	case DropIndexOp:
		if o.Constraint {
			return []string{alterTable(o.Table, "DROP CONSTRAINT "+quote(o.Name))}, nil
		}
		return []string{"DROP INDEX " + quote(o.Name)}, nil
	case AddForeignKeyOp:
		return []string{alterTable(o.Table, "ADD "+foreignKeySQL(&o.ForeignKey))}, nil
	case DropForeignKeyOp:
		return []string{alterTable(o.Table, "DROP CONSTRAINT "+quote(o.Name))}, nil
	case AddCheckOp:
		return []string{alterTable(o.Table, "ADD "+checkSQL(&o.Check))}, nil
	case DropCheckOp:
		return []string{alterTable(o.Table, "DROP CONSTRAINT "+quote(o.Name))}, nil
	case ExecuteOp:
		return []string{o.SQL}, nil
	case CreateIndexConcurrentlyOp:
		return []string{concurrently(createIndexSQL(dialect.Postgres, o.Table, &o.Index))}, nil
	case DropIndexConcurrentlyOp:
		return []string{"DROP INDEX CONCURRENTLY " + quote(o.Name)}, nil
	case AddForeignKeyNotValidOp:
		return []string{alterTable(o.Table, "ADD "+foreignKeySQL(&o.ForeignKey)+" NOT VALID")}, nil
	case AddCheckNotValidOp:
		return []string{alterTable(o.Table, "ADD "+checkSQL(&o.Check)+" NOT VALID")}, nil
	case ValidateConstraintOp:
		return []string{alterTable(o.Table, "VALIDATE CONSTRAINT "+quote(o.Name))}, nil
	case FillInBatchesOp:
		return []string{postgresFillBatch(o)}, nil
	case AddUniqueUsingIndexOp:
		return postgresAddUniqueUsingIndex(o), nil
	default:
		return nil, fmt.Errorf("unsupported operation %T", o)
	}
}

// postgresType spells t as PostgreSQL's format_type does, so that the
// catalog reads back the type that was written.
func postgresType(t schema.Type) (string, error) {
	switch t.Kind {
	case schema.KindString:
		if t.Size > 0 {
			return fmt.Sprintf("character varying(%d)", t.Size), nil
		}
		return "character varying", nil
	case schema.KindNumeric:
		return numericType(t), nil
	case schema.KindDouble:
		return "double precision", nil
	case schema.KindTimestamp:
		return "timestamp" + precision(t) + " without time zone", nil
	case schema.KindTimestampTZ:
		return "timestamp" + precision(t) + " with time zone", nil
	case schema.KindRaw:
		return rawType(t)
	case schema.KindBytes:
		return "bytea", nil
	case schema.KindText, schema.KindSmallInt, schema.KindInteger, schema.KindBigInt, schema.KindBoolean,
		schema.KindReal, schema.KindDate, schema.KindJSON, schema.KindJSONB, schema.KindUUID:
		return string(t.Kind), nil
	}
	return "", fmt.Errorf("unsupported column type %q", t.Kind)
}

// serialTypes are PostgreSQL's auto-increment spellings of the integer kinds.
var serialTypes = map[schema.Kind]string{
	schema.KindSmallInt: "smallserial", schema.KindInteger: "serial", schema.KindBigInt: "bigserial",
}

// postgresColumn renders c as a column definition. An auto-increment
// column is a serial, as GORM declares it: its sequence is its default.
func postgresColumn(c *schema.Column) (string, error) {
	if c.AutoIncrement {
		typ, ok := serialTypes[c.Type.Kind]
		if !ok {
			return "", fmt.Errorf("column %q: auto-increment needs an integer type, not %s", c.Name, c.Type)
		}
		return columnSQL(c, typ, ""), nil
	}
	typ, err := postgresType(c.Type)
	if err != nil {
		return "", fmt.Errorf("column %q: %w", c.Name, err)
	}
	return columnSQL(c, typ, c.Default), nil
}

// postgresCreateTable renders CREATE TABLE, the column comments and the
// table's indexes.
func postgresCreateTable(t *schema.Table) ([]string, error) {
	defs := make([]string, 0, len(t.Columns)+1)
	for _, c := range t.Columns {
		def, err := postgresColumn(c)
		if err != nil {
			return nil, fmt.Errorf("table %q: %w", t.Name, err)
		}
		defs = append(defs, def)
	}
	if len(t.PrimaryKey) > 0 {
		defs = append(defs, fmt.Sprintf("CONSTRAINT %s PRIMARY KEY (%s)",
			quote(schema.PrimaryKeyName(t.Name)), quoteList(t.PrimaryKey)))
	}
	stmts := []string{createTableSQL(t.Name, append(defs, constraintDefs(t)...), "\t")}
	for _, c := range t.Columns {
		if c.Comment != "" {
			stmts = append(stmts, commentSQL(t.Name, c.Name, c.Comment))
		}
	}
	return append(stmts, createIndexesSQL(dialect.Postgres, t)...), nil
}

// postgresAddColumn renders ADD COLUMN. With a backfill the column is added
// nullable, filled, and only then made NOT NULL, so the fill may be any
// expression, even one reading other columns of the row.
func postgresAddColumn(o AddColumnOp) ([]string, error) {
	c := o.Column
	if o.Fill != "" {
		c.NotNull = false
	}
	def, err := postgresColumn(&c)
	if err != nil {
		return nil, err
	}
	stmts := []string{alterTable(o.Table, "ADD COLUMN "+def)}
	if o.Fill != "" {
		stmts = append(stmts, updateSQL(o.Table, c.Name, o.Fill))
		if o.Column.NotNull {
			stmts = append(stmts, alterColumn(o.Table, c.Name, "SET NOT NULL"))
		}
	}
	if c.Comment != "" {
		stmts = append(stmts, commentSQL(o.Table, c.Name, c.Comment))
	}
	return stmts, nil
}

// postgresAlterColumn renders one statement per change. When both the type
// and the default change, the old default is dropped before the type
// changes, since it may not cast to the new type.
func postgresAlterColumn(o AlterColumnOp) ([]string, error) {
	var stmts []string
	if o.Type != nil {
		typ, err := postgresType(*o.Type)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", o.Column, err)
		}
		if o.Default != nil {
			stmts = append(stmts, alterColumn(o.Table, o.Column, "DROP DEFAULT"))
		}
		stmts = append(stmts, alterColumn(o.Table, o.Column,
			fmt.Sprintf("TYPE %s USING %s::%s", typ, quote(o.Column), typ)))
	}
	if o.NotNull != nil && *o.NotNull && o.Fill != "" {
		stmts = append(stmts, fillNullsSQL(o.Table, o.Column, o.Fill))
	}
	if o.NotNull != nil {
		stmts = append(stmts, alterColumn(o.Table, o.Column, map[bool]string{true: "SET NOT NULL", false: "DROP NOT NULL"}[*o.NotNull]))
	}
	switch {
	case o.Default == nil:
	case *o.Default != "":
		stmts = append(stmts, alterColumn(o.Table, o.Column, "SET DEFAULT "+*o.Default))
	case o.Type == nil:
		stmts = append(stmts, alterColumn(o.Table, o.Column, "DROP DEFAULT"))
	}
	if o.Comment != nil {
		stmts = append(stmts, commentSQL(o.Table, o.Column, *o.Comment))
	}
	if o.AutoIncrement != nil {
		stmts = append(stmts, postgresAutoIncrement(o.Table, o.Column, *o.AutoIncrement)...)
	}
	return stmts, nil
}

// postgresAutoIncrement turns a column into a serial or back: on, a
// sequence owned by the column (as a serial's), started after the
// column's largest value, becomes its default; off, the default goes and
// the column's sequence is dropped.
func postgresAutoIncrement(table, column string, on bool) []string {
	qualified := schema.QuoteString(quote(table))
	if !on {
		return []string{
			alterColumn(table, column, "DROP DEFAULT"),
			fmt.Sprintf("DO $$ DECLARE s text := pg_get_serial_sequence(%s, %s); BEGIN IF s IS NOT NULL THEN EXECUTE 'DROP SEQUENCE ' || s; END IF; END $$",
				qualified, schema.QuoteString(column)),
		}
	}
	seq := quote(table + "_" + column + "_seq")
	return []string{
		fmt.Sprintf("CREATE SEQUENCE %s OWNED BY %s.%s", seq, quote(table), quote(column)),
		fmt.Sprintf("SELECT setval(%s, COALESCE(MAX(%s), 0) + 1, false) FROM %s", schema.QuoteString(seq), quote(column), quote(table)),
		alterColumn(table, column, fmt.Sprintf("SET DEFAULT nextval(%s::regclass)", schema.QuoteString(seq))),
	}
}

// commentSQL sets (or, with "", removes) a column's comment.
func commentSQL(table, column, comment string) string {
	text := "NULL"
	if comment != "" {
		text = schema.QuoteString(comment)
	}
	return fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", quote(table), quote(column), text)
}

func alterColumn(table, column, action string) string {
	return alterTable(table, "ALTER COLUMN "+quote(column)+" "+action)
}
