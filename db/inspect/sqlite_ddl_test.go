package inspect

import (
	"reflect"
	"testing"
)

func TestParseCreateTable(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want tableDDL
	}{
		{
			name: "table constraints, named and unnamed",
			sql: `CREATE TABLE "post" (id integer, user_id varchar, a int, b int,
				CONSTRAINT "post_user_fk" FOREIGN KEY ("user_id") REFERENCES "user" ("_id") ON DELETE CASCADE,
				FOREIGN KEY (a, b) REFERENCES pair (x, y),
				CONSTRAINT positive CHECK (a > 0),
				CHECK ((a < b)))`,
			want: tableDDL{
				foreignKeys: []ddlForeignKey{
					{name: "post_user_fk", columns: []string{"user_id"}, refTable: "user"},
					{columns: []string{"a", "b"}, refTable: "pair"},
				},
				checks: []ddlCheck{{name: "positive", expr: "a > 0"}, {expr: "a < b"}},
			},
		},
		{
			name: "column constraints",
			sql: `CREATE TABLE t (
				a integer CONSTRAINT a_fk REFERENCES u (id) CHECK (a <> 1),
				b integer CONSTRAINT b_nn NOT NULL CHECK (b > 0) REFERENCES u,
				c varchar(20) DEFAULT ('x') CONSTRAINT c_len CHECK (length(c) <= 20)
			)`,
			want: tableDDL{
				foreignKeys: []ddlForeignKey{
					{name: "a_fk", columns: []string{"a"}, refTable: "u"},
					{columns: []string{"b"}, refTable: "u"},
				},
				checks: []ddlCheck{{expr: "a <> 1"}, {expr: "b > 0"}, {name: "c_len", expr: "length(c) <= 20"}},
			},
		},
		{
			name: "quotes, comments and strings that look like SQL",
			sql: "CREATE TABLE [odd (table)] ( -- a comment with CHECK (x)\n" +
				"`the, column` text DEFAULT 'CHECK (1), FOREIGN KEY', /* CONSTRAINT no CHECK (0) */\n" +
				`"x""y" int,
				CONSTRAINT "it's ""quoted""" CHECK ("x""y" IN (1, (2)) AND ` + "`the, column`" + ` <> ')(')
			) WITHOUT ROWID`,
			want: tableDDL{
				checks: []ddlCheck{{name: `it's "quoted"`, expr: `"x""y" IN (1, (2)) AND ` + "`the, column`" + ` <> ')('`}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCreateTable(tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseCreateTableRejectsBrokenText(t *testing.T) {
	for _, sql := range []string{
		`CREATE TABLE t (a int CHECK (a > 0)`,
		`CREATE TABLE t (a int DEFAULT 'open)`,
		`CREATE TABLE t (a int /* open)`,
		`CREATE TABLE t (a int, FOREIGN KEY a REFERENCES u)`,
		`CREATE TABLE t AS SELECT 1`,
	} {
		if _, err := parseCreateTable(sql); err == nil {
			t.Errorf("parseCreateTable(%q) succeeded, want an error", sql)
		}
	}
}

func TestPgCheckExpr(t *testing.T) {
	for def, want := range map[string]string{
		"CHECK ((a > 0))":                         "a > 0",
		"CHECK (active)":                          "active",
		"CHECK (((a > 0) AND (b > 0))) NOT VALID": "(a > 0) AND (b > 0)",
		"CHECK ((name <> ')'::text)) NO INHERIT":  "name <> ')'::text",
		"CHECK ((a > 0) OR (b > 0))":              "(a > 0) OR (b > 0)",
	} {
		if got := pgCheckExpr(def); got != want {
			t.Errorf("pgCheckExpr(%q) = %q, want %q", def, got, want)
		}
	}
}
