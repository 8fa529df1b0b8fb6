package inspect_test

import (
	"testing"

	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
)

func TestSQLiteForeignKeyWithoutColumnsReferencesThePrimaryKey(t *testing.T) {
	gdb := testdb.SQLite(t)
	exec(t, gdb,
		`CREATE TABLE organization (_id varchar PRIMARY KEY)`,
		`CREATE TABLE pair (a integer, b integer, PRIMARY KEY (b, a))`,
		`CREATE TABLE category (id integer PRIMARY KEY, organization_id varchar REFERENCES organization,
			x integer, y integer, FOREIGN KEY (x, y) REFERENCES pair)`,
	)
	assertJSON(t, "foreign keys of category", read(t, gdb).Table("category").ForeignKeys, []*schema.ForeignKey{
		{
			Name: "category_organization_id_fkey", Columns: []string{"organization_id"},
			RefTable: "organization", RefColumns: []string{"_id"},
		},
		{Name: "category_x_y_fkey", Columns: []string{"x", "y"}, RefTable: "pair", RefColumns: []string{"b", "a"}},
	})
}

func TestSQLiteReadsTablesAlteredAfterCreation(t *testing.T) {
	gdb := testdb.SQLite(t)
	exec(t, gdb,
		`CREATE TABLE organization (_id varchar PRIMARY KEY)`,
		`CREATE TABLE post (id integer PRIMARY KEY)`,
		`ALTER TABLE post ADD COLUMN organization_id varchar CONSTRAINT post_org_fk REFERENCES organization (_id) ON DELETE SET NULL`,
		`ALTER TABLE post ADD COLUMN "check" integer DEFAULT (-1) CHECK ("check" <> 0)`,
	)
	post := read(t, gdb).Table("post")
	assertJSON(t, "post", post, &schema.Table{
		Name: "post",
		Columns: []*schema.Column{
			{Name: "id", Type: schema.Type{Kind: schema.KindInteger}, NotNull: true},
			{Name: "organization_id", Type: schema.Type{Kind: schema.KindString}},
			{Name: "check", Type: schema.Type{Kind: schema.KindInteger}, Default: "-1"},
		},
		PrimaryKey: []string{"id"},
		ForeignKeys: []*schema.ForeignKey{{
			Name: "post_org_fk", Columns: []string{"organization_id"},
			RefTable: "organization", RefColumns: []string{"_id"}, OnDelete: "SET NULL",
		}},
		Checks: []*schema.Check{{Name: "post_check_check", Expr: `"check" <> 0`}},
	})
}

func TestSQLiteReadsUniqueConstraintsUnderTheirDeclaredOrPostgresNames(t *testing.T) {
	t.Parallel()
	gdb := testdb.SQLite(t)
	exec(t, gdb, `CREATE TABLE category (slug varchar(40) UNIQUE, title text, code text,
		UNIQUE (title, slug), CONSTRAINT uni_category_code UNIQUE (code))`)
	assertJSON(t, "indexes of category", read(t, gdb).Table("category").Indexes, []*schema.Index{
		{Name: "category_slug_key", Columns: []string{"slug"}, Unique: true, Constraint: true},
		{Name: "category_title_slug_key", Columns: []string{"title", "slug"}, Unique: true, Constraint: true},
		{Name: "uni_category_code", Columns: []string{"code"}, Unique: true, Constraint: true},
	})
}

func TestSQLiteReadsAutoincrementColumns(t *testing.T) {
	t.Parallel()
	gdb := testdb.SQLite(t)
	exec(t, gdb, `CREATE TABLE counter (id integer PRIMARY KEY AUTOINCREMENT, n integer)`,
		`CREATE TABLE plain (id integer PRIMARY KEY, n integer)`)
	s := read(t, gdb)
	if !s.Table("counter").Column("id").AutoIncrement || s.Table("plain").Column("id").AutoIncrement {
		t.Errorf("AutoIncrement of counter.id, plain.id = %v, %v; want true, false (a rowid alias is not AUTOINCREMENT)",
			s.Table("counter").Column("id").AutoIncrement, s.Table("plain").Column("id").AutoIncrement)
	}
}

// TestSQLiteQueryCountIsConstant guards the runtime cost of Schema on
// SQLite: four queries however many tables there are.
func TestSQLiteQueryCountIsConstant(t *testing.T) {
	gdb := testdb.SQLite(t)
	createTables(t, gdb, 1)
	if n := countQueries(t, gdb); n != 4 {
		t.Errorf("Schema ran %d queries on 1 table, want 4", n)
	}
	createTables(t, gdb, 40)
	if n := countQueries(t, gdb); n != 4 {
		t.Errorf("Schema ran %d queries on 40 tables, want 4", n)
	}
}

func TestSQLiteIndexCollationIsReportedOnlyWhenItIsNotTheColumns(t *testing.T) {
	t.Parallel()
	gdb := testdb.SQLite(t)
	exec(t, gdb, `CREATE TABLE tag (name text COLLATE NOCASE, label text)`,
		`CREATE INDEX tag_name_idx ON tag (name)`,
		`CREATE INDEX tag_name_binary_idx ON tag (name COLLATE BINARY, label COLLATE RTRIM)`)
	assertJSON(t, "indexes of tag", read(t, gdb).Table("tag").Indexes, []*schema.Index{
		{Name: "tag_name_binary_idx", Columns: []string{"name", "label"},
			Parts: []schema.IndexPart{{Collate: "BINARY"}, {Collate: "RTRIM"}}},
		{Name: "tag_name_idx", Columns: []string{"name"}},
	})
}
