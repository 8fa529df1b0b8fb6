package gormschema

import (
	"fmt"
	"github.com/matar-app/matardb/db/schema"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	gschema "gorm.io/gorm/schema"
)

// Result is what Read finds in a set of models: their schema and the
// renames they declare.
type Result struct {
	Schema        *schema.Schema
	TableRenames  map[string]string            // new table → old table
	ColumnRenames map[string]map[string]string // table → new column → old column
}

// Read reads models (pointers to GORM structs) through GORM's own schema
// parser (gorm.io/gorm/schema.Parse, with namer; nil means Namer) into a
// Schema, one table per model, together with the renames the models
// declare (TableRenamer, the renamed_from field tag): one parse gives both.
// Pass the naming strategy the application gives gorm.Config, so that the
// names read here are the names GORM queries. It reads what GORM reads, the way GORM reads it:
//
//   - Columns come in struct field order, an embedded struct's fields where
//     it is embedded. Fields tagged `-` or `-:migration` and relation fields
//     are not columns.
//   - Types: a `type:` tag naming a SQL type is parsed with ParseType
//     ("varchar", "integer", "timestamp", "json"); so is the name a custom
//     type returns from GormDataType() ("json"). Otherwise the Go type is
//     mapped as GORM's PostgreSQL dialector maps it: string → text (or
//     string(n) with size:n), bool → boolean, int/int64/uint/uint32 →
//     bigint, int32/uint16 → integer, int16/int8/uint8 → smallint, time.Time →
//     timestamptz, []byte → bytes, a float with precision:p[;scale:s] →
//     numeric(p,s); unlike GORM (which says "decimal"), float64 → double
//     and float32 → real. A model meant to match a table Alembic built must
//     state its types: GORM's int is bigint and its string text, where
//     Alembic's sa.Integer() is integer and sa.String() character varying.
//     (A `type:` tag spelling one of GORM's own type names, such as "int"
//     or "string", means what it means to GORM: "int" on an int is bigint.)
//   - NotNull from `not null` and for primary key columns; Default from
//     `default:` as GORM renders it (a string field's literal default is
//     quoted, `default:null` means none), through CanonicalDefault; Comment
//     from `comment:`.
//   - The primary key in GORM's order; indexes from `index`/`uniqueIndex`
//     (composite through a shared name, ordered by `priority`) and a unique
//     index for each `unique` field; foreign keys from relationships
//     (belongs-to, has-one, has-many; the key lands on the table that holds
//     its columns); checks from `check:` tags. Names come from Namer unless
//     the tag gives one.
//
// Things a migration cannot express are errors that name the model and
// field: auto-increment columns (use a string ID), many-to-many relations
// (declare the join table as a model), partial or expression indexes, a type
// matardb has no kind for. So are a model GORM cannot parse, two models with
// one table, and a foreign key to or on a table that is not among models.
// So are rename hints that are ambiguous or mistyped (see TableRenamer and
// columnRenames). The schema is sorted (see schema.Schema.Sort). Safe for
// concurrent use.
func Read(namer gschema.Namer, models ...any) (*Result, error) {
	if namer == nil {
		namer = Namer
	}
	parsed, err := parseModels(models, namer)
	if err != nil {
		return nil, err
	}
	s, err := schemaOf(parsed)
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

// schemaOf builds the Schema of parsed models.
func schemaOf(parsed []*gschema.Schema) (*schema.Schema, error) {
	s := &schema.Schema{}
	tables := make(map[string]*schema.Table, len(parsed))
	for _, m := range parsed {
		t, err := tableOf(m)
		if err != nil {
			return nil, err
		}
		s.Tables = append(s.Tables, t)
		tables[t.Name] = t
	}
	for _, m := range parsed {
		if err := addForeignKeys(m, tables); err != nil {
			return nil, err
		}
	}
	s.Sort()
	return s, nil
}

// parseModels parses every model with one cache, so that relationships
// between them resolve to the same parsed schemas, and rejects two models
// of one table.
func parseModels(models []any, namer gschema.Namer) ([]*gschema.Schema, error) {
	cache := &sync.Map{}
	owners := make(map[string]string, len(models))
	parsed := make([]*gschema.Schema, 0, len(models))
	for _, m := range models {
		s, err := parseModel(m, cache, namer)
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
func parseModel(m any, cache *sync.Map, namer gschema.Namer) (s *gschema.Schema, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("model %T: GORM cannot parse it: %v", m, r)
		}
	}()
	s, err = gschema.Parse(m, cache, namer)
	if err != nil {
		return nil, fmt.Errorf("model %T: GORM cannot parse it: %w", m, err)
	}
	return s, nil
}

// tableOf reads one parsed model into a table, without foreign keys.
func tableOf(s *gschema.Schema) (*schema.Table, error) {
	t := &schema.Table{Name: s.Table}
	for _, name := range s.DBNames {
		f := s.FieldsByDBName[name]
		if f.IgnoreMigration {
			continue
		}
		c, err := columnOf(f)
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
	var err error
	if t.Indexes, err = indexesOf(s, t); err != nil {
		return nil, err
	}
	t.Checks = checksOf(s)
	return t, nil
}

func fieldError(f *gschema.Field, err error) error {
	return fmt.Errorf("model field %s.%s: %w", f.Schema.ModelType, f.Name, err)
}

// columnOf reads one field into a column.
func columnOf(f *gschema.Field) (*schema.Column, error) {
	if f.AutoIncrement {
		return nil, fmt.Errorf("column %q is auto-increment, which matardb cannot migrate: use a string ID or tag the field autoIncrement:false", f.DBName)
	}
	typ, err := columnType(f)
	if err != nil {
		return nil, fmt.Errorf("column %q: %w", f.DBName, err)
	}
	return &schema.Column{
		Name:    f.DBName,
		Type:    typ,
		NotNull: f.NotNull || f.PrimaryKey,
		Default: columnDefault(f),
		Comment: f.Comment,
	}, nil
}

// columnType maps a field's GORM data type as GORM's PostgreSQL dialector
// does. GORM has already put a `type:` tag or a GormDataType() result into
// DataType (GORM's own names such as "int" or "string" stay generic); any
// other name is a SQL type for ParseType.
func columnType(f *gschema.Field) (schema.Type, error) {
	switch f.DataType {
	case gschema.Bool:
		return schema.Type{Kind: schema.KindBoolean}, nil
	case gschema.Int, gschema.Uint:
		return integerType(f), nil
	case gschema.Float:
		return floatType(f), nil
	case gschema.String:
		if f.Size > 0 && f.Size <= 10485760 {
			return schema.Type{Kind: schema.KindString, Size: f.Size}, nil
		}
		return schema.Type{Kind: schema.KindText}, nil
	case gschema.Time:
		return schema.Type{Kind: schema.KindTimestampTZ}, nil
	case gschema.Bytes:
		return schema.Type{Kind: schema.KindBytes}, nil
	}
	return schema.ParseType(string(f.DataType))
}

func integerType(f *gschema.Field) schema.Type {
	size := f.Size
	if f.DataType == gschema.Uint {
		size++
	}
	switch {
	case size <= 16:
		return schema.Type{Kind: schema.KindSmallInt}
	case size <= 32:
		return schema.Type{Kind: schema.KindInteger}
	}
	return schema.Type{Kind: schema.KindBigInt}
}

func floatType(f *gschema.Field) schema.Type {
	switch {
	case f.Precision > 0:
		return schema.Type{Kind: schema.KindNumeric, Precision: f.Precision, Scale: f.Scale}
	case f.Size > 0 && f.Size <= 32:
		return schema.Type{Kind: schema.KindReal}
	}
	return schema.Type{Kind: schema.KindDouble}
}

// columnDefault renders a `default:` tag as GORM's migrator does: a value
// GORM parsed for a string field is quoted, for a bool spelled true/false, a
// time quoted; anything else (numbers, function calls) is taken as written.
func columnDefault(f *gschema.Field) string {
	if !f.HasDefaultValue || f.DefaultValue == "" || f.DefaultValue == "(-)" {
		return ""
	}
	switch v := f.DefaultValueInterface.(type) {
	case string:
		return schema.QuoteString(v)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return schema.QuoteString(f.DefaultValue)
	}
	return schema.CanonicalDefault(f.DefaultValue)
}

// indexesOf reads the `index`, `uniqueIndex` and `unique` tags of a model.
func indexesOf(s *gschema.Schema, t *schema.Table) ([]*schema.Index, error) {
	var out []*schema.Index
	for _, gi := range s.ParseIndexes() {
		idx, err := indexOf(s, gi, t)
		if err != nil {
			return nil, fmt.Errorf("model %s: index %q: %w", s.ModelType, gi.Name, err)
		}
		out = append(out, idx)
	}
	for _, u := range s.ParseUniqueConstraints() {
		if t.Column(u.Field.DBName) != nil {
			out = append(out, &schema.Index{Name: u.Name, Columns: []string{u.Field.DBName}, Unique: true})
		}
	}
	for i, idx := range out {
		if slices.ContainsFunc(out[:i], func(o *schema.Index) bool { return o.Name == idx.Name }) {
			return nil, fmt.Errorf("model %s: two indexes are named %q: rename one in its tag", s.ModelType, idx.Name)
		}
	}
	return out, nil
}

// indexOf converts one GORM index, refusing what a schema.Index cannot hold.
func indexOf(s *gschema.Schema, gi *gschema.Index, t *schema.Table) (*schema.Index, error) {
	if setting := unsupportedIndexSetting(gi); setting != "" {
		return nil, fmt.Errorf("%s is not supported: matardb indexes are plain column lists", setting)
	}
	position := make(map[*gschema.Field]int, len(s.Fields))
	for i, f := range s.Fields {
		position[f] = i
	}
	fields := slices.Clone(gi.Fields)
	slices.SortStableFunc(fields, func(a, b gschema.IndexOption) int {
		if a.Priority != b.Priority {
			return a.Priority - b.Priority
		}
		return position[a.Field] - position[b.Field]
	})
	idx := &schema.Index{Name: gi.Name, Unique: strings.EqualFold(gi.Class, "UNIQUE")}
	for _, f := range fields {
		if t.Column(f.DBName) == nil {
			return nil, fmt.Errorf("field %s is not a column", f.Name)
		}
		idx.Columns = append(idx.Columns, f.DBName)
	}
	return idx, nil
}

// unsupportedIndexSetting names the first index setting that a plain
// column-list index cannot express, or returns "".
func unsupportedIndexSetting(gi *gschema.Index) string {
	switch {
	case gi.Class != "" && !strings.EqualFold(gi.Class, "UNIQUE"):
		return "class:" + gi.Class
	case gi.Type != "" && !strings.EqualFold(gi.Type, "btree"):
		return "type:" + gi.Type
	case gi.Where != "":
		return "a partial index (where:)"
	case gi.Option != "":
		return "option:"
	}
	for _, f := range gi.Fields {
		switch {
		case f.Expression != "":
			return "an expression index (expression:)"
		case f.Sort != "" && !strings.EqualFold(f.Sort, "ASC"):
			return "sort:" + f.Sort
		case f.Collate != "":
			return "collate:"
		case f.Length > 0:
			return "length:"
		}
	}
	return ""
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
		return nil, nil, fmt.Errorf("many-to-many relations are not supported: declare the join table %q as a model with two belongs-to relations", rel.JoinTable.Table)
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

// TableRenamer is implemented by a model whose table used to have another
// name: RenamedFrom returns the old name. It tells the autogenerator to
// rename the table (keeping its rows) instead of dropping the old table and
// creating the new one. Remove the method once the rename has been
// generated and released.
type TableRenamer interface {
	RenamedFrom() string
}

// tableRenames reads the TableRenamer hints of parsed models.
func tableRenames(parsed []*gschema.Schema) (map[string]string, error) {
	current := make(map[string]bool, len(parsed))
	for _, s := range parsed {
		current[s.Table] = true
	}
	hints := map[string]string{}
	claimed := map[string]string{}
	for _, s := range parsed {
		r, ok := reflect.New(s.ModelType).Interface().(TableRenamer)
		if !ok {
			continue
		}
		old := strings.TrimSpace(r.RenamedFrom())
		switch {
		case old == "":
			return nil, fmt.Errorf("model %s: RenamedFrom returns an empty name", s.ModelType)
		case current[old]:
			return nil, fmt.Errorf("model %s: RenamedFrom returns %q, a table the models still have", s.ModelType, old)
		case claimed[old] != "":
			return nil, fmt.Errorf("models %s and %s are both renamed from table %q", claimed[old], s.ModelType, old)
		}
		claimed[old] = s.ModelType.String()
		hints[s.Table] = old
	}
	return hints, nil
}

// columnRenameHints reads the column renames models declare with the field tag
// `matardb:"renamed_from=old_name"`: table → new column → old column. It
// tells the autogenerator to rename the column (keeping its data) instead of
// dropping the old column and adding the new one. Remove the tag once the
// rename has been generated and released. Tables are the models' current
// names (after any TableRenamer rename). It is an error for a tag to have
// another key or no name, to name its own column or a column the model
// still has, or for two fields to claim one old column.
func columnRenameHints(parsed []*gschema.Schema) (map[string]map[string]string, error) {
	hints := map[string]map[string]string{}
	for _, s := range parsed {
		renames, err := columnRenames(s)
		if err != nil {
			return nil, err
		}
		if len(renames) > 0 {
			hints[s.Table] = renames
		}
	}
	return hints, nil
}

// columnRenames reads the renamed_from tags of one model: new → old column.
func columnRenames(s *gschema.Schema) (map[string]string, error) {
	renames := map[string]string{}
	claimed := map[string]string{}
	for _, name := range s.DBNames {
		f := s.FieldsByDBName[name]
		old, err := renamedFrom(f.Tag.Get("matardb"))
		if err == nil {
			err = checkRename(s, name, old, claimed)
		}
		if err != nil {
			return nil, fieldError(f, err)
		}
		if old != "" && !f.IgnoreMigration {
			renames[name], claimed[old] = old, name
		}
	}
	return renames, nil
}

func checkRename(s *gschema.Schema, column, old string, claimed map[string]string) error {
	switch {
	case old == "":
		return nil
	case old == column:
		return fmt.Errorf("renamed_from=%s names the field's own column", old)
	case claimed[old] != "":
		return fmt.Errorf("column %q is also renamed from %q", claimed[old], old)
	}
	if f := s.FieldsByDBName[old]; f != nil && !f.IgnoreMigration {
		return fmt.Errorf("renamed_from=%s names a column the model still has", old)
	}
	return nil
}

// renamedFrom parses a `matardb:"…"` tag: ";"-separated key=value pairs, of
// which renamed_from is the one there is.
func renamedFrom(tag string) (string, error) {
	var old string
	for _, part := range strings.Split(tag, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		key, value, _ := strings.Cut(part, "=")
		switch key, value = strings.TrimSpace(key), strings.TrimSpace(value); {
		case key != "renamed_from":
			return "", fmt.Errorf("matardb tag %q: unknown key %q (want renamed_from=old_column)", tag, key)
		case value == "":
			return "", fmt.Errorf("matardb tag %q: renamed_from needs the old column name", tag)
		}
		old = value
	}
	return old, nil
}
