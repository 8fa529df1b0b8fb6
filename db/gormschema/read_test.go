package gormschema

import (
	"database/sql/driver"
	"fmt"
	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
	"gorm.io/gorm"
	gschema "gorm.io/gorm/schema"
	"reflect"
	"strings"
	"testing"
	"time"
)

// jsonList is a custom type whose GormDataType names its column type.
type jsonList []string

func (jsonList) GormDataType() string           { return "json" }
func (l jsonList) Value() (driver.Value, error) { return strings.Join(l, ","), nil }
func (l *jsonList) Scan(any) error              { *l = nil; return nil }

type Stamped struct {
	Key       string    `gorm:"column:_id;type:varchar;primaryKey"`
	CreatedAt time.Time `gorm:"type:timestamp"`
}

type typed struct {
	Stamped
	Text      string
	Sized     string `gorm:"size:20"`
	Flag      bool
	Int       int
	Int64     int64
	Uint      uint
	Int32     int32
	Uint16    uint16
	Int16     int16
	Int8      int8
	Uint8     uint8
	Float64   float64
	Float32   float32
	Money     float64 `gorm:"precision:10;scale:2"`
	When      time.Time
	Raw       []byte
	Tags      jsonList
	VarChar   int       `gorm:"type:varchar"`
	VarChar20 string    `gorm:"type:varchar(20)"`
	Integer   int       `gorm:"type:integer"`
	Stamp     time.Time `gorm:"type:timestamp"`
	Plain     string    `gorm:"type:text"`
	Ignored   string    `gorm:"-"`
	NoMigrate string    `gorm:"-:migration"`
	Nullable  *string
	Required  string `gorm:"not null"`
	Said      string `gorm:"comment:what it says"`
}

func parseOne(t *testing.T, models ...any) *schema.Table {
	t.Helper()
	s, err := fromModels(models...)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return s.Table(singular.Config.NamingStrategy.TableName(reflect.TypeOf(models[0]).Elem().Name()))
}

func TestReadMapsGoTypesAsGORMsPostgresDialectorAndTypeTagsThroughParseType(t *testing.T) {
	tbl := parseOne(t, &typed{})
	tests := []struct {
		column string
		want   schema.Type
	}{
		{"_id", schema.Type{Kind: schema.KindString}},
		{"created_at", schema.Type{Kind: schema.KindTimestamp}},
		{"text", schema.Type{Kind: schema.KindText}},
		{"sized", schema.Type{Kind: schema.KindString, Size: 20}},
		{"flag", schema.Type{Kind: schema.KindBoolean}},
		{"int", schema.Type{Kind: schema.KindBigInt}},
		{"int64", schema.Type{Kind: schema.KindBigInt}},
		{"uint", schema.Type{Kind: schema.KindBigInt}},
		{"int32", schema.Type{Kind: schema.KindInteger}},
		{"uint16", schema.Type{Kind: schema.KindInteger}},
		{"int16", schema.Type{Kind: schema.KindSmallInt}},
		{"int8", schema.Type{Kind: schema.KindSmallInt}},
		{"uint8", schema.Type{Kind: schema.KindSmallInt}},
		{"float64", schema.Type{Kind: schema.KindNumeric}}, // GORM: decimal
		{"float32", schema.Type{Kind: schema.KindNumeric}},
		{"money", schema.Type{Kind: schema.KindNumeric, Precision: 10, Scale: 2}},
		{"when", schema.Type{Kind: schema.KindTimestampTZ}},
		{"raw", schema.Type{Kind: schema.KindBytes}},
		{"tags", schema.Type{Kind: schema.KindJSON}},
		{"var_char", schema.Type{Kind: schema.KindString}},
		{"var_char20", schema.Type{Kind: schema.KindString, Size: 20}},
		{"integer", schema.Type{Kind: schema.KindInteger}},
		{"stamp", schema.Type{Kind: schema.KindTimestamp}},
		{"plain", schema.Type{Kind: schema.KindText}},
	}
	for _, tt := range tests {
		t.Run(tt.column, func(t *testing.T) {
			c := tbl.Column(tt.column)
			if c == nil {
				t.Fatalf("no column %q in %v", tt.column, columnNames(tbl))
			}
			if c.Type != tt.want {
				t.Errorf("type = %v, want %v", c.Type, tt.want)
			}
		})
	}
}

func columnNames(t *schema.Table) []string {
	var names []string
	for _, c := range t.Columns {
		names = append(names, c.Name)
	}
	return names
}

func TestReadKeepsFieldOrderWithEmbeddedFieldsInPlaceAndSkipsIgnoredFields(t *testing.T) {
	type Inner struct {
		B string
		C string
	}
	type ordered struct {
		Key   string `gorm:"column:_id;type:varchar;primaryKey"`
		A     string
		Inner `gorm:"embedded"`
		D     string
		Skip  string `gorm:"-"`
		Mig   string `gorm:"-:migration"`
		All   string `gorm:"-:all"`
		E     string
	}
	got := columnNames(parseOne(t, &ordered{}))
	want := []string{"_id", "a", "b", "c", "d", "e"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns = %v, want %v", got, want)
	}
}

func TestReadReadsNullabilityAndComments(t *testing.T) {
	tbl := parseOne(t, &typed{})
	tests := []struct {
		column  string
		notNull bool
		comment string
	}{
		{"_id", true, ""},       // primary key
		{"nullable", false, ""}, // pointer, no tag
		{"text", false, ""},     // plain string, no tag: GORM leaves it nullable
		{"required", true, ""},
		{"said", false, "what it says"},
	}
	for _, tt := range tests {
		c := tbl.Column(tt.column)
		if c.NotNull != tt.notNull || c.Comment != tt.comment {
			t.Errorf("%s: NotNull=%v Comment=%q, want %v %q", tt.column, c.NotNull, c.Comment, tt.notNull, tt.comment)
		}
	}
}

type defaulted struct {
	Key      string    `gorm:"column:_id;type:varchar;primaryKey"`
	Lang     string    `gorm:"type:varchar;default:hindi"`
	Quoted   string    `gorm:"type:varchar;default:'hindi'"`
	On       bool      `gorm:"default:true"`
	Off      bool      `gorm:"default:f"`
	Fifteen  int       `gorm:"type:integer;default:15"`
	Nothing  string    `gorm:"default:null"`
	Now      time.Time `gorm:"type:timestamp;default:now()"`
	FuncCall string    `gorm:"type:uuid;default:gen_random_uuid()"`
	None     string
}

func TestReadRendersDefaultsAsGORMDoesQuotingStringLiterals(t *testing.T) {
	tbl := parseOne(t, &defaulted{})
	want := map[string]string{
		"lang":      "'hindi'",
		"quoted":    "'hindi'",
		"on":        "true",
		"off":       "false",
		"fifteen":   "15",
		"nothing":   "",
		"now":       "CURRENT_TIMESTAMP",
		"func_call": "gen_random_uuid()",
		"none":      "",
	}
	for col, w := range want {
		if got := tbl.Column(col).Default; got != w {
			t.Errorf("%s: Default = %q, want %q", col, got, w)
		}
	}
}

type compositeKey struct {
	B string `gorm:"type:varchar;primaryKey"`
	A string `gorm:"type:varchar;primaryKey"`
	C string
}

func TestReadKeepsPrimaryKeyColumnsInGORMsOrder(t *testing.T) {
	tbl := parseOne(t, &compositeKey{})
	if want := []string{"b", "a"}; !reflect.DeepEqual(tbl.PrimaryKey, want) {
		t.Errorf("PrimaryKey = %v, want %v", tbl.PrimaryKey, want)
	}
	for _, c := range []string{"a", "b"} {
		if !tbl.Column(c).NotNull {
			t.Errorf("primary key column %s is nullable", c)
		}
	}
}

type indexed struct {
	Key    string `gorm:"column:_id;type:varchar;primaryKey"`
	UserID string `gorm:"type:varchar;index"`
	Email  string `gorm:"type:varchar;uniqueIndex"`
	Named  string `gorm:"index:by_name"`
	Second string `gorm:"index:pair,priority:2"`
	First  string `gorm:"index:pair,priority:1"`
	Code   string `gorm:"unique"`
	X      string `gorm:"uniqueIndex:xy"`
	Y      string `gorm:"uniqueIndex:xy"`
}

func TestReadReadsIndexesInPriorityOrderWithNamerNames(t *testing.T) {
	got := parseOne(t, &indexed{}).Indexes
	want := []*schema.Index{
		{Name: "by_name", Columns: []string{"named"}},
		{Name: "idx_indexed_email", Columns: []string{"email"}, Unique: true},
		{Name: "idx_indexed_user_id", Columns: []string{"user_id"}},
		{Name: "pair", Columns: []string{"first", "second"}},
		{Name: "uni_indexed_code", Columns: []string{"code"}, Unique: true, Constraint: true},
		{Name: "xy", Columns: []string{"x", "y"}, Unique: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("indexes:\n got %s\nwant %s", dump(got), dump(want))
	}
}

func dump[T any](v []*T) string {
	var b strings.Builder
	for _, x := range v {
		fmt.Fprintf(&b, "%+v ", *x)
	}
	return b.String()
}

type checked struct {
	Key   string `gorm:"column:_id;type:varchar;primaryKey"`
	Age   int    `gorm:"type:integer;check:age >= 0"`
	Phone string `gorm:"type:varchar;check:phone_length,length(phone) >= 10"`
}

func TestReadReadsNamedAndUnnamedChecks(t *testing.T) {
	got := parseOne(t, &checked{}).Checks
	want := []*schema.Check{
		{Name: "chk_checked_age", Expr: "age >= 0"},
		{Name: "phone_length", Expr: "length(phone) >= 10"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("checks:\n got %s\nwant %s", dump(got), dump(want))
	}
}

type owner struct {
	Key   string   `gorm:"column:_id;type:varchar;primaryKey"`
	Pets  []pet    `gorm:"foreignKey:OwnerID;constraint:OnDelete:CASCADE"`
	Badge *badge   `gorm:"foreignKey:OwnerID"`
	Skip  []ignore `gorm:"foreignKey:OwnerID;constraint:-"`
}

type pet struct {
	Key     string `gorm:"column:_id;type:varchar;primaryKey"`
	OwnerID string `gorm:"type:varchar;not null"`
	Owner   *owner
}

type badge struct {
	Key     string `gorm:"column:_id;type:varchar;primaryKey"`
	OwnerID string `gorm:"type:varchar"`
}

type ignore struct {
	Key     string `gorm:"column:_id;type:varchar;primaryKey"`
	OwnerID string `gorm:"type:varchar"`
}

type post struct {
	Key        string `gorm:"column:_id;type:varchar;primaryKey"`
	AuthorID   string `gorm:"type:varchar"`
	Author     *owner `gorm:"constraint:OnDelete:set null, OnUpdate:no action"`
	ReviewerID *string
	Reviewer   *owner
}

func TestReadPutsForeignKeysOnTheTableHoldingTheColumns(t *testing.T) {
	s, err := fromModels(&owner{}, &pet{}, &badge{}, &ignore{}, &post{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]*schema.ForeignKey{
		"owner": nil,
		// Declared on both ends (owner.Pets and pet.Owner): reported once,
		// with the has-many side's ON DELETE.
		"pet":    {{Name: "fk_owner_pets", Columns: []string{"owner_id"}, RefTable: "owner", RefColumns: []string{"_id"}, OnDelete: "CASCADE"}},
		"badge":  {{Name: "fk_owner_badge", Columns: []string{"owner_id"}, RefTable: "owner", RefColumns: []string{"_id"}}},
		"ignore": nil,
		"post": {
			{Name: "fk_post_author", Columns: []string{"author_id"}, RefTable: "owner", RefColumns: []string{"_id"}, OnDelete: "SET NULL"},
			{Name: "fk_post_reviewer", Columns: []string{"reviewer_id"}, RefTable: "owner", RefColumns: []string{"_id"}},
		},
	}
	for table, w := range want {
		if got := s.Table(table).ForeignKeys; !reflect.DeepEqual(got, w) {
			t.Errorf("%s foreign keys:\n got %s\nwant %s", table, dump(got), dump(w))
		}
	}
	if got := s.Table("post").Column("reviewer_id"); got.Type != (schema.Type{Kind: schema.KindString}) || got.NotNull {
		t.Errorf("reviewer_id = %+v, want a nullable string (the key type GORM copies from owner._id)", got)
	}
}

func TestReadSortsTablesAndTheirParts(t *testing.T) {
	s, err := fromModels(&post{}, &owner{}, &pet{}, &badge{}, &ignore{}, &indexed{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.TableNames(), []string{"badge", "ignore", "indexed", "owner", "pet", "post"}; !reflect.DeepEqual(got, want) {
		t.Errorf("tables = %v, want %v", got, want)
	}
}

// Models that Read must refuse, each with a test of the message.
type (
	sameTable struct {
		Key string `gorm:"column:_id;type:varchar;primaryKey"`
	}
	unresolvable struct {
		Key   string `gorm:"column:_id;type:varchar;primaryKey"`
		Thing struct{ X chan int }
	}
	orphanRef struct {
		Key     string `gorm:"column:_id;type:varchar;primaryKey"`
		OwnerID string `gorm:"type:varchar"`
		Owner   *badge
	}
)

func (sameTable) TableName() string { return "badge" }

func TestReadRefusesWhatAMigrationCannotExpressNamingTheModel(t *testing.T) {
	tests := []struct {
		name   string
		models []any
		want   []string
	}{
		{"two models, one table", []any{&badge{}, &sameTable{}}, []string{"gormschema.badge", "gormschema.sameTable", `"badge"`}},
		{"GORM cannot parse", []any{&unresolvable{}}, []string{"*gormschema.unresolvable", "GORM cannot parse"}},
		{"not a struct", []any{42}, []string{"model int", "GORM cannot parse"}},
		{"nil", []any{nil}, []string{"model <nil>"}},
		{"reference to a table not among the models", []any{&orphanRef{}}, []string{"gormschema.orphanRef.Owner", `"badge"`, "add its model"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := fromModels(tt.models...)
			if err == nil {
				t.Fatalf("Read succeeded: %v", s.TableNames())
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

type renamed struct {
	Key   string `gorm:"column:_id;type:varchar;primaryKey"`
	Title string `gorm:"type:varchar" matardb:"renamed_from=name"`
	Body  string `gorm:"column:content" matardb:" renamed_from = text ; "`
	Other string
}

func (*renamed) RenamedFrom() string { return "article" }

func TestReadRenameHintsReadTheRenamedFromTagAndMethod(t *testing.T) {
	columns, err := renameHints(&renamed{}, &badge{})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]map[string]string{"renamed": {"title": "name", "content": "text"}}; !reflect.DeepEqual(columns, want) {
		t.Errorf("RenameHints = %v, want %v", columns, want)
	}
	tables, err := tableRenameHints(&renamed{}, &badge{})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"renamed": "article"}; !reflect.DeepEqual(tables, want) {
		t.Errorf("TableRenameHints = %v, want %v", tables, want)
	}
}

func TestReadGivesTheSchemaAndBothHintsOfOneParse(t *testing.T) {
	m, err := Read(singular, &renamed{}, &badge{})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Schema.TableNames(); !reflect.DeepEqual(got, []string{"badge", "renamed"}) {
		t.Errorf("tables = %v, want badge and renamed", got)
	}
	if want := map[string]map[string]string{"renamed": {"title": "name", "content": "text"}}; !reflect.DeepEqual(m.ColumnRenames, want) {
		t.Errorf("ColumnRenames = %v, want %v", m.ColumnRenames, want)
	}
	if want := map[string]string{"renamed": "article"}; !reflect.DeepEqual(m.TableRenames, want) {
		t.Errorf("TableRenames = %v, want %v", m.TableRenames, want)
	}
	if _, err := Read(&Options{Dialector: connect.Dialector(dialect.Postgres)}, &claimedTwice{}); err == nil {
		t.Error("Read accepted two fields renamed from one column")
	}
}

// singular names tables in the singular, to show that Read names
// tables with the naming strategy it is given.
var singular = &Options{Dialector: connect.Dialector(dialect.Postgres), Config: &gorm.Config{NamingStrategy: gschema.NamingStrategy{SingularTable: true}}}

func TestReadNamesWithTheGivenNamer(t *testing.T) {
	m, err := Read(singular, &badge{})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Schema.TableNames(); !reflect.DeepEqual(got, []string{"badge"}) {
		t.Errorf("tables = %v, want the singular badge", got)
	}
}

// fromModels, renameHints and tableRenameHints are the parts of Read the
// tests look at.
func fromModels(models ...any) (*schema.Schema, error) {
	r, err := Read(singular, models...)
	if err != nil {
		return nil, err
	}
	return r.Schema, nil
}

func renameHints(models ...any) (map[string]map[string]string, error) {
	r, err := Read(singular, models...)
	if err != nil {
		return nil, err
	}
	return r.ColumnRenames, nil
}

func tableRenameHints(models ...any) (map[string]string, error) {
	r, err := Read(singular, models...)
	if err != nil {
		return nil, err
	}
	return r.TableRenames, nil
}

type (
	unknownKey struct {
		Key  string `gorm:"column:_id;type:varchar;primaryKey"`
		Name string `matardb:"renamed_form=title"`
	}
	noOldName struct {
		Key  string `gorm:"column:_id;type:varchar;primaryKey"`
		Name string `matardb:"renamed_from="`
	}
	ownName struct {
		Key  string `gorm:"column:_id;type:varchar;primaryKey"`
		Name string `matardb:"renamed_from=name"`
	}
	stillThere struct {
		Key   string `gorm:"column:_id;type:varchar;primaryKey"`
		Name  string `matardb:"renamed_from=title"`
		Title string
	}
	claimedTwice struct {
		Key  string `gorm:"column:_id;type:varchar;primaryKey"`
		A    string `matardb:"renamed_from=old"`
		B    string `matardb:"renamed_from=old"`
		Rest string
	}
	renamedToExisting struct {
		Key string `gorm:"column:_id;type:varchar;primaryKey"`
	}
	renamedFromNothing struct {
		Key string `gorm:"column:_id;type:varchar;primaryKey"`
	}
	alsoFromArticle struct {
		Key string `gorm:"column:_id;type:varchar;primaryKey"`
	}
)

func (renamedToExisting) RenamedFrom() string  { return "badge" }
func (renamedFromNothing) RenamedFrom() string { return " " }
func (alsoFromArticle) RenamedFrom() string    { return "article" }

func TestReadRenameHintsRefuseAmbiguousOrMistypedRenames(t *testing.T) {
	columnTests := []struct {
		name  string
		model any
		want  string
	}{
		{"unknown key", &unknownKey{}, `unknown key "renamed_form"`},
		{"no old name", &noOldName{}, "needs the old column name"},
		{"own column", &ownName{}, "own column"},
		{"column still there", &stillThere{}, "still has"},
		{"two fields, one old column", &claimedTwice{}, `also renamed from "old"`},
	}
	for _, tt := range columnTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := renameHints(tt.model)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "model field gormschema.") {
				t.Errorf("RenameHints error = %v, want one naming the field and saying %q", err, tt.want)
			}
		})
	}
	tableTests := []struct {
		name   string
		models []any
		want   string
	}{
		{"table still there", []any{&renamedToExisting{}, &badge{}}, "still have"},
		{"empty old name", []any{&renamedFromNothing{}}, "empty name"},
		{"two models, one old table", []any{&renamed{}, &alsoFromArticle{}}, `both renamed from table "article"`},
	}
	for _, tt := range tableTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tableRenameHints(tt.models...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("TableRenameHints error = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestReadWantsADialector: without one Read cannot know the column types,
// and says what to pass rather than guess a dialect.
func TestReadWantsADialector(t *testing.T) {
	for _, o := range []*Options{nil, {}} {
		_, err := Read(o, &badge{})
		if err == nil || !strings.Contains(err.Error(), "connect.Dialector(dialect.Postgres)") {
			t.Errorf("Read(%v) = %v, want an error naming connect.Dialector", o, err)
		}
	}
}
