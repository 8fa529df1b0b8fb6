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

func TestSQLiteLeavesOutUniqueTableConstraints(t *testing.T) {
	gdb := testdb.SQLite(t)
	exec(t, gdb, `CREATE TABLE category (slug varchar(40) UNIQUE, title text, UNIQUE (title, slug))`)
	if idx := read(t, gdb).Table("category").Indexes; idx != nil {
		t.Errorf("indexes = %v, want none (sqlite_autoindex_* are not reported)", idx)
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
