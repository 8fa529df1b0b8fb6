package gormschema

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gorm.io/gorm"
	gschema "gorm.io/gorm/schema"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
)

// Result is what Read finds in a set of models: their schema and the
// renames they declare.
type Result struct {
	Schema        *schema.Schema
	TableRenames  map[string]string            // new table → old table
	ColumnRenames map[string]map[string]string // table → new column → old column
}

// Read reads models (pointers to GORM structs) through GORM's own schema
// parser, under the options' naming strategy and for their dialector's
// dialect (options without a dialector are an error), into a Schema,
// one table per model plus one per many2many join table, with the renames
// the models declare (TableRenamer, the renamed_from field tag): one parse
// gives both. The schema is what GORM's AutoMigrate builds from the models
// on that dialect, as its catalog reports it:
//
//   - Columns come in struct field order, an embedded struct's fields where
//     it is embedded. Fields tagged `-` or `-:migration` and relation fields
//     are not columns.
//   - Types are the ones GORM's migrator declares: a type's GormDBDataType
//     for the dialect, else GormDataType or `type:`, else GORM's dialector
//     mapping of the Go type (string → text or varchar(n), int → bigint on
//     PostgreSQL and integer on SQLite, float64 → numeric / real, bool →
//     boolean / numeric, time.Time → timestamptz / datetime). A type
//     matardb has no kind for is kept verbatim (schema.KindRaw) as the
//     catalog spells it (char(2) is character(2) on PostgreSQL).
//   - Auto-increment (an integer ID, gorm.Model, autoIncrement) is
//     Column.AutoIncrement on the integer kind GORM declares.
//   - NotNull from `not null`, primary keys and (on PostgreSQL) serial
//     columns; Default from `default:` as GORM renders it on the dialect
//     (a string's literal default quoted, ” on PostgreSQL and "" on
//     SQLite), through CanonicalDefault; Comment from `comment:` (PostgreSQL
//     only: SQLite keeps none).
//   - The primary key in GORM's order; indexes from `index`/`uniqueIndex`
//     with their options (method, where, expression, sort, collate,
//     operator class written in expression:, composite priority), a UNIQUE
//     constraint for each `unique` field; foreign keys from relationships
//     (belongs-to, has-one, has-many, many2many; the key lands on the table
//     that holds its columns) unless the configuration disables them;
//     checks from `check:` tags. Names are the naming strategy's (GORM's
//     idx_, fk_, chk_, uni_ names by default) unless the tag gives one.
//
// Errors name the model and field: a model GORM cannot parse, two models
// with one table, two fields on one column, a default the dialect cannot
// evaluate, an index method on SQLite, a foreign key to or on a table
// that is not among the models, rename hints that are ambiguous or
// mistyped (see TableRenamer and columnRenames). The schema is sorted
// (see schema.Schema.Sort). Safe for concurrent use.
func Read(o *Options, models ...any) (*Result, error) {
	parsing.Add(1) // see quietable
	defer parsing.Add(-1)
	d, err := o.dialectOf()
	if err != nil {
		return nil, err
	}
	gdb, err := openOffline(o)
	if err != nil {
		return nil, err
	}
	parsed, err := parseModels(gdb, models)
	if err != nil {
		return nil, err
	}
	r := &reader{gdb: gdb, d: d, noFKs: o.withoutForeignKeys(), noJoins: o.withoutJoinTables()}
	s, err := schemaOf(r, parsed)
	if err != nil {
		return nil, err
	}
	tables, err := tableRenames(parsed)
	if err != nil {
		return nil, err
	}
	columns, err := columnRenameHints(parsed)
	if err != nil {
		return nil, err
	}
	return &Result{Schema: s, TableRenames: tables, ColumnRenames: columns}, nil
}

// reader holds what reading one model set needs.
type reader struct {
	gdb     *gorm.DB
	d       dialect.Dialect
	noFKs   bool
	noJoins bool
}

// schemaOf builds the Schema of parsed models and their join tables.
func schemaOf(r *reader, parsed []*gschema.Schema) (*schema.Schema, error) {
	s := &schema.Schema{}
	tables := make(map[string]*schema.Table, len(parsed))
	all := slices.Clone(parsed)
	if !r.noJoins {
		all = append(all, joinTables(parsed)...)
	}
	for _, m := range all {
		if tables[m.Table] != nil {
			continue // a join table seen from both sides
		}
		t, err := r.tableOf(m)
		if err != nil {
			return nil, err
		}
		s.Tables = append(s.Tables, t)
		tables[t.Name] = t
	}
	if !r.noFKs {
		for _, m := range all {
			if err := addForeignKeys(m, tables); err != nil {
				return nil, err
			}
		}
	}
	s.Sort()
	return s, nil
}

// joinTables returns the join tables of the many2many relations of parsed
// models, in a stable order, a custom join model included.
func joinTables(parsed []*gschema.Schema) []*gschema.Schema {
	var out []*gschema.Schema
	for _, m := range parsed {
		names := make([]string, 0, len(m.Relationships.Relations))
		for name, rel := range m.Relationships.Relations {
			if rel.JoinTable != nil && !rel.Field.IgnoreMigration {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		for _, name := range names {
			out = append(out, m.Relationships.Relations[name].JoinTable)
		}
	}
	return out
}

// parseModels parses every model with gdb's cache, so that relationships
// between them resolve to the same parsed schemas and registered join
// models apply, and rejects two models of one table.
func parseModels(gdb *gorm.DB, models []any) ([]*gschema.Schema, error) {
	owners := make(map[string]string, len(models))
	parsed := make([]*gschema.Schema, 0, len(models))
	for _, m := range models {
		s, err := parseModel(gdb, m)
		if err != nil {
			return nil, err
		}
		if prev, ok := owners[s.Table]; ok {
			return nil, fmt.Errorf("models %s and %s both map to table %q: list each model once and give each its own TableName", prev, s.ModelType, s.Table)
		}
		owners[s.Table] = s.ModelType.String()
		parsed = append(parsed, s)
	}
	return parsed, nil
}

// parseModel runs GORM's parser on one model, turning a failure (or a
// panic inside GORM) into an error that names the model.
func parseModel(gdb *gorm.DB, m any) (s *gschema.Schema, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("model %T: GORM cannot parse it: %v", m, r)
		}
	}()
	stmt := &gorm.Statement{DB: gdb}
	if err := stmt.Parse(m); err != nil {
		return nil, fmt.Errorf("model %T: GORM cannot parse it: %w", m, err)
	}
	return stmt.Schema, nil
}

// tableOf reads one parsed model into a table, without foreign keys.
func (r *reader) tableOf(s *gschema.Schema) (*schema.Table, error) {
	if err := oneFieldPerColumn(s); err != nil {
		return nil, err
	}
	t := &schema.Table{Name: s.Table}
	for _, name := range s.DBNames {
		f := s.FieldsByDBName[name]
		if f.IgnoreMigration {
			continue
		}
		c, err := columnOf(r.gdb, r.d, f)
		if err != nil {
			return nil, fieldError(f, err)
		}
		t.Columns = append(t.Columns, c)
	}
	for _, f := range s.PrimaryFields {
		if t.Column(f.DBName) != nil {
			t.PrimaryKey = append(t.PrimaryKey, f.DBName)
		}
	}
	if err := r.checkAutoIncrement(s, t); err != nil {
		return nil, err
	}
	var err error
	if t.Indexes, err = indexesOf(r.d, s, t); err != nil {
		return nil, err
	}
	t.Checks = checksOf(s)
	return t, nil
}

// checkAutoIncrement refuses, on SQLite, an auto-increment column that is
// not the table's whole primary key: GORM declares it INTEGER PRIMARY KEY
// AUTOINCREMENT there, which makes it a second key.
func (r *reader) checkAutoIncrement(s *gschema.Schema, t *schema.Table) error {
	if r.d != dialect.SQLite {
		return nil
	}
	for _, c := range t.Columns {
		if c.AutoIncrement && (len(t.PrimaryKey) != 1 || t.PrimaryKey[0] != c.Name) {
			return fieldError(s.LookUpField(c.Name), fmt.Errorf("column %q is auto-increment but not the whole primary key, which SQLite cannot build (it numbers only an INTEGER PRIMARY KEY): drop autoIncrement or make it the key", c.Name))
		}
	}
	return nil
}

// oneFieldPerColumn refuses two fields on one column, which GORM lets
// through: it keeps the first field's type and ignores the other's tags.
func oneFieldPerColumn(s *gschema.Schema) error {
	seen := make(map[string]*gschema.Field, len(s.Fields))
	for _, f := range s.Fields {
		if f.DBName == "" || f.IgnoreMigration {
			continue
		}
		if prev := seen[f.DBName]; prev != nil {
			return fmt.Errorf("model %s: fields %s and %s both map to column %q: GORM would keep one and ignore the other's tags; give one another column or tag it -:migration",
				s.ModelType, prev.Name, f.Name, f.DBName)
		}
		seen[f.DBName] = f
	}
	return nil
}

func fieldError(f *gschema.Field, err error) error {
	return fmt.Errorf("model field %s.%s: %w", f.Schema.ModelType, f.Name, err)
}

// checksOf reads the `check:` tags of a model.
func checksOf(s *gschema.Schema) []*schema.Check {
	var out []*schema.Check
	for _, c := range s.ParseCheckConstraints() {
		out = append(out, &schema.Check{Name: c.Name, Expr: strings.TrimSpace(c.Constraint)})
	}
	return out
}

// addForeignKeys puts the foreign keys of the relationships declared on one
// model onto the tables that hold them.
func addForeignKeys(s *gschema.Schema, tables map[string]*schema.Table) error {
	names := make([]string, 0, len(s.Relationships.Relations))
	for name := range s.Relationships.Relations {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		rel := s.Relationships.Relations[name]
		fk, owner, err := foreignKeyOf(rel, tables)
		if err != nil {
			return fieldError(rel.Field, err)
		}
		if fk == nil {
			continue
		}
		if err := addForeignKey(owner, fk); err != nil {
			return fieldError(rel.Field, err)
		}
	}
	return nil
}

// foreignKeyOf converts a relationship's constraint; nil when it has none
// (constraint:-, a migration-ignored field, or a belongs-to whose inverse
// declares it).
func foreignKeyOf(rel *gschema.Relationship, tables map[string]*schema.Table) (*schema.ForeignKey, *schema.Table, error) {
	if rel.Field.IgnoreMigration {
		return nil, nil, nil
	}
	if rel.JoinTable != nil {
		return nil, nil, nil // the join table's own relations carry its keys
	}
	c := rel.ParseConstraint()
	if c == nil {
		return nil, nil, nil
	}
	owner, ref := tables[c.Schema.Table], tables[c.ReferenceSchema.Table]
	switch {
	case owner == nil:
		return nil, nil, fmt.Errorf("foreign key %q belongs on table %q, which no model in the list maps to: add its model", c.Name, c.Schema.Table)
	case ref == nil:
		return nil, nil, fmt.Errorf("foreign key %q references table %q, which no model in the list maps to: add its model", c.Name, c.ReferenceSchema.Table)
	}
	fk := &schema.ForeignKey{
		Name:       c.Name,
		Columns:    dbNames(c.ForeignKeys),
		RefTable:   ref.Name,
		RefColumns: dbNames(c.References),
		OnDelete:   schema.CanonicalAction(c.OnDelete),
		OnUpdate:   schema.CanonicalAction(c.OnUpdate),
	}
	for _, col := range fk.Columns {
		if owner.Column(col) == nil {
			return nil, nil, fmt.Errorf("foreign key %q: column %q is not a column of table %q", fk.Name, col, owner.Name)
		}
	}
	return fk, owner, nil
}

// addForeignKey adds fk to t once: the same key reported again (GORM can see
// it from both ends) is dropped; a different key of the same name is an error.
func addForeignKey(t *schema.Table, fk *schema.ForeignKey) error {
	prev := t.ForeignKey(fk.Name)
	switch {
	case prev == nil:
		t.ForeignKeys = append(t.ForeignKeys, fk)
	case !reflect.DeepEqual(prev, fk):
		return fmt.Errorf("foreign key %q of table %q is declared twice, differently: state it on one relation only", fk.Name, t.Name)
	}
	return nil
}

func dbNames(fields []*gschema.Field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.DBName
	}
	return names
}
