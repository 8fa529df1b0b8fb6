package op

import (
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
)

func allTypes() []schema.Type {
	return []schema.Type{
		String, VarChar(20), Text, SmallInt, Integer, BigInt, Boolean, Real, Double,
		Numeric(10, 2), Numeric(12, 0), {Kind: schema.KindNumeric}, Timestamp, TimestampTZ,
		Date, JSON, JSONB, Bytes, UUID,
	}
}

func TestRenderedTypesParseBackToTheSameType(t *testing.T) {
	render := map[dialect.Dialect]func(schema.Type) (string, error){dialect.Postgres: postgresType, dialect.SQLite: sqliteType}
	for d, fn := range render {
		for _, typ := range allTypes() {
			sql, err := fn(typ)
			if err != nil {
				t.Fatalf("%s: render %s: %v", d, typ, err)
			}
			got, err := schema.ParseType(sql)
			if d == dialect.SQLite && typ.Kind == schema.KindTimestampTZ {
				typ = Timestamp // SQLite keeps no time zone: declared datetime
			}
			if err != nil || got != typ {
				t.Errorf("%s: %s renders as %q, which parses back as %v (err %v)", d, typ, sql, got, err)
			}
		}
	}
}

func TestTypeSpellings(t *testing.T) {
	cases := []struct {
		typ          schema.Type
		postgres, sq string
	}{
		{String, "character varying", "varchar"},
		{VarChar(20), "character varying(20)", "varchar(20)"},
		{Double, "double precision", "double precision"},
		{Numeric(10, 2), "numeric(10,2)", "numeric(10,2)"},
		{Timestamp, "timestamp without time zone", "datetime"},
		{TimestampPrecision(3), "timestamp(3) without time zone", "timestamp(3)"},
		{TimestampTZPrecision(6), "timestamp(6) with time zone", "datetime"},
		{Raw("inet"), "inet", "inet"},
		{Raw("character(2)"), "character(2)", "character(2)"},
		{TimestampTZ, "timestamp with time zone", "datetime"},
		{Bytes, "bytea", "blob"},
	}
	for _, c := range cases {
		if got, _ := postgresType(c.typ); got != c.postgres {
			t.Errorf("postgres %s = %q, want %q", c.typ, got, c.postgres)
		}
		if got, _ := sqliteType(c.typ); got != c.sq {
			t.Errorf("sqlite %s = %q, want %q", c.typ, got, c.sq)
		}
	}
}

func TestUnknownTypeIsAnErrorNamingTheColumn(t *testing.T) {
	bad := CreateTable("t", Col("c", schema.Type{Kind: "money"}))
	for _, d := range []dialect.Dialect{dialect.Postgres, dialect.SQLite} {
		_, err := SQL(d, nil, bad)
		if err == nil || !strings.Contains(err.Error(), `column "c"`) || !strings.Contains(err.Error(), "money") {
			t.Errorf("%s: err = %v, want one naming column c and type money", d, err)
		}
	}
}

func TestQuoteEscapesDoubleQuotes(t *testing.T) {
	if got, want := quote(`we"ird`), `"we""ird"`; got != want {
		t.Errorf("quote = %s, want %s", got, want)
	}
}

// fixture is a schema holding "user" and "post", as the rendering tests
// and the database tests start from.
func fixture() []Op {
	return []Op{
		CreateTable("user",
			Col("id", Integer).NotNull(),
			Col("name", VarChar(50)).NotNull(),
			Col("email", String),
			Col("age", Integer),
			PrimaryKey("id"),
			UniqueIndex("ix_user_name", "name"),
			Index("ix_user_email", "email"),
		),
		CreateTable("post",
			Col("id", Integer).NotNull(),
			Col("user_id", Integer).NotNull(),
			Col("editor_id", Integer),
			Col("title", String).NotNull().Default("'untitled'").Comment("shown in lists"),
			Col("score", Integer),
			PrimaryKey("id"),
			ForeignKey("post_user_id_fkey", "user_id").References("user", "id").OnDelete("CASCADE"),
			Check("post_score_positive", "score >= 0"),
			Index("ix_post_user_id", "user_id"),
		),
	}
}

func fixtureSchema(t *testing.T) *schema.Schema {
	t.Helper()
	s := &schema.Schema{}
	for _, o := range fixture() {
		if err := o.Mutate(s); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestRenderedSQL(t *testing.T) {
	cases := []struct {
		name     string
		op       Op
		postgres []string
		sqlite   []string
		// rebuilds marks a case whose SQLite rendering is a table rebuild
		// (golden-tested in other cases), checked only for its shape.
		rebuilds bool
	}{
		{
			name: "create table",
			op:   fixture()[1],
			postgres: []string{
				"CREATE TABLE \"post\" (\n" +
					"\t\"id\" integer NOT NULL,\n" +
					"\t\"user_id\" integer NOT NULL,\n" +
					"\t\"editor_id\" integer,\n" +
					"\t\"title\" character varying DEFAULT 'untitled' NOT NULL,\n" +
					"\t\"score\" integer,\n" +
					"\tCONSTRAINT \"post_pkey\" PRIMARY KEY (\"id\"),\n" +
					"\tCONSTRAINT \"post_user_id_fkey\" FOREIGN KEY (\"user_id\") REFERENCES \"user\" (\"id\") ON DELETE CASCADE,\n" +
					"\tCONSTRAINT \"post_score_positive\" CHECK (score >= 0)\n" +
					")",
				`COMMENT ON COLUMN "post"."title" IS 'shown in lists'`,
				`CREATE INDEX "ix_post_user_id" ON "post" ("user_id")`,
			},
			sqlite: []string{
				"CREATE TABLE \"post\" (\n" +
					"    \"id\" integer NOT NULL,\n" +
					"    \"user_id\" integer NOT NULL,\n" +
					"    \"editor_id\" integer,\n" +
					"    \"title\" varchar NOT NULL DEFAULT 'untitled',\n" +
					"    \"score\" integer,\n" +
					"    PRIMARY KEY (\"id\"),\n" +
					"    CONSTRAINT \"post_user_id_fkey\" FOREIGN KEY (\"user_id\") REFERENCES \"user\" (\"id\") ON DELETE CASCADE,\n" +
					"    CONSTRAINT \"post_score_positive\" CHECK (score >= 0)\n" +
					")",
				`CREATE INDEX "ix_post_user_id" ON "post" ("user_id")`,
			},
		},
		{
			name:     "rename table keeps the primary key name canonical",
			op:       RenameTable("user", "member"),
			postgres: []string{`ALTER TABLE "user" RENAME TO "member"`, `ALTER INDEX IF EXISTS "user_pkey" RENAME TO "member_pkey"`},
			sqlite:   []string{`ALTER TABLE "user" RENAME TO "member"`},
		},
		{
			name:     "add nullable column",
			op:       AddColumn("post", Col("organization_id", String)),
			postgres: []string{`ALTER TABLE "post" ADD COLUMN "organization_id" character varying`},
			sqlite:   []string{`ALTER TABLE "post" ADD COLUMN "organization_id" varchar`},
		},
		{
			name:     "add not null column with constant default",
			op:       AddColumn("post", Col("views", Integer).NotNull().Default("0")),
			postgres: []string{`ALTER TABLE "post" ADD COLUMN "views" integer DEFAULT 0 NOT NULL`},
			sqlite:   []string{`ALTER TABLE "post" ADD COLUMN "views" integer NOT NULL DEFAULT 0`},
		},
		{
			name: "add not null column with backfill",
			op:   AddColumn("user", Col("nickname", String).NotNull()).Backfill(`"name"`),
			postgres: []string{
				`ALTER TABLE "user" ADD COLUMN "nickname" character varying`,
				`UPDATE "user" SET "nickname" = "name"`,
				`ALTER TABLE "user" ALTER COLUMN "nickname" SET NOT NULL`,
			},
			sqlite: []string{
				"CREATE TABLE \"_matardb_tmp_user\" (\n" +
					"    \"id\" integer NOT NULL,\n" +
					"    \"name\" varchar(50) NOT NULL,\n" +
					"    \"email\" varchar,\n" +
					"    \"age\" integer,\n" +
					"    \"nickname\" varchar NOT NULL,\n" +
					"    PRIMARY KEY (\"id\")\n" +
					")",
				`INSERT INTO "_matardb_tmp_user" ("id", "name", "email", "age", "nickname") SELECT "id", "name", "email", "age", "name" FROM "user"`,
				`DROP TABLE "user"`,
				`ALTER TABLE "_matardb_tmp_user" RENAME TO "user"`,
				`CREATE INDEX "ix_user_email" ON "user" ("email")`,
				`CREATE UNIQUE INDEX "ix_user_name" ON "user" ("name")`,
			},
		},
		{
			name:     "add column with a non-constant default rebuilds on sqlite",
			op:       AddColumn("post", Col("created_at", Timestamp).Default("now()")),
			postgres: []string{`ALTER TABLE "post" ADD COLUMN "created_at" timestamp without time zone DEFAULT CURRENT_TIMESTAMP`},
			sqlite: []string{
				"CREATE TABLE \"_matardb_tmp_post\" (\n" +
					"    \"id\" integer NOT NULL,\n" +
					"    \"user_id\" integer NOT NULL,\n" +
					"    \"editor_id\" integer,\n" +
					"    \"title\" varchar NOT NULL DEFAULT 'untitled',\n" +
					"    \"score\" integer,\n" +
					"    \"created_at\" datetime DEFAULT CURRENT_TIMESTAMP,\n" +
					"    PRIMARY KEY (\"id\"),\n" +
					"    CONSTRAINT \"post_user_id_fkey\" FOREIGN KEY (\"user_id\") REFERENCES \"user\" (\"id\") ON DELETE CASCADE,\n" +
					"    CONSTRAINT \"post_score_positive\" CHECK (score >= 0)\n" +
					")",
				`INSERT INTO "_matardb_tmp_post" ("id", "user_id", "editor_id", "title", "score") SELECT "id", "user_id", "editor_id", "title", "score" FROM "post"`,
				`DROP TABLE "post"`,
				`ALTER TABLE "_matardb_tmp_post" RENAME TO "post"`,
				`CREATE INDEX "ix_post_user_id" ON "post" ("user_id")`,
			},
		},
		{
			name:     "drop column",
			op:       DropColumn("user", "email"),
			postgres: []string{`ALTER TABLE "user" DROP COLUMN "email"`},
			sqlite: []string{
				"CREATE TABLE \"_matardb_tmp_user\" (\n" +
					"    \"id\" integer NOT NULL,\n" +
					"    \"name\" varchar(50) NOT NULL,\n" +
					"    \"age\" integer,\n" +
					"    PRIMARY KEY (\"id\")\n" +
					")",
				`INSERT INTO "_matardb_tmp_user" ("id", "name", "age") SELECT "id", "name", "age" FROM "user"`,
				`DROP TABLE "user"`,
				`ALTER TABLE "_matardb_tmp_user" RENAME TO "user"`,
				`CREATE UNIQUE INDEX "ix_user_name" ON "user" ("name")`,
			},
		},
		{
			name:     "rename column",
			op:       RenameColumn("user", "name", "full_name"),
			postgres: []string{`ALTER TABLE "user" RENAME COLUMN "name" TO "full_name"`},
			sqlite:   []string{`ALTER TABLE "user" RENAME COLUMN "name" TO "full_name"`},
		},
		{
			name: "alter column type, nullability and default",
			op:   AlterColumn("user", "age").SetType(BigInt).SetNotNull(true).SetDefault("0"),
			postgres: []string{
				`ALTER TABLE "user" ALTER COLUMN "age" DROP DEFAULT`,
				`ALTER TABLE "user" ALTER COLUMN "age" TYPE bigint USING "age"::bigint`,
				`ALTER TABLE "user" ALTER COLUMN "age" SET NOT NULL`,
				`ALTER TABLE "user" ALTER COLUMN "age" SET DEFAULT 0`,
			},
			sqlite: []string{
				"CREATE TABLE \"_matardb_tmp_user\" (\n" +
					"    \"id\" integer NOT NULL,\n" +
					"    \"name\" varchar(50) NOT NULL,\n" +
					"    \"email\" varchar,\n" +
					"    \"age\" bigint NOT NULL DEFAULT 0,\n" +
					"    PRIMARY KEY (\"id\")\n" +
					")",
				`INSERT INTO "_matardb_tmp_user" ("id", "name", "email", "age") SELECT "id", "name", "email", "age" FROM "user"`,
				`DROP TABLE "user"`,
				`ALTER TABLE "_matardb_tmp_user" RENAME TO "user"`,
				`CREATE INDEX "ix_user_email" ON "user" ("email")`,
				`CREATE UNIQUE INDEX "ix_user_name" ON "user" ("name")`,
			},
		},
		{
			name:     "alter column comment only",
			op:       AlterColumn("post", "title").SetComment(""),
			postgres: []string{`COMMENT ON COLUMN "post"."title" IS NULL`},
			sqlite:   nil,
		},
		{
			name:     "drop default",
			op:       AlterColumn("post", "title").DropDefault(),
			postgres: []string{`ALTER TABLE "post" ALTER COLUMN "title" DROP DEFAULT`},
			rebuilds: true,
		},
		{
			name:     "create unique index",
			op:       CreateIndex("post", UniqueIndex("ix_post_title", "user_id", "title")),
			postgres: []string{`CREATE UNIQUE INDEX "ix_post_title" ON "post" ("user_id", "title")`},
			sqlite:   []string{`CREATE UNIQUE INDEX "ix_post_title" ON "post" ("user_id", "title")`},
		},
		{
			name:     "drop index",
			op:       DropIndex("user", "ix_user_email"),
			postgres: []string{`DROP INDEX "ix_user_email"`},
			sqlite:   []string{`DROP INDEX "ix_user_email"`},
		},
		{
			name:     "add foreign key",
			op:       AddForeignKey("post", ForeignKey("post_editor_id_fkey", "editor_id").References("user", "id").OnDelete("set null").OnUpdate("cascade")),
			postgres: []string{`ALTER TABLE "post" ADD CONSTRAINT "post_editor_id_fkey" FOREIGN KEY ("editor_id") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE CASCADE`},
			sqlite: []string{
				"CREATE TABLE \"_matardb_tmp_post\" (\n" +
					"    \"id\" integer NOT NULL,\n" +
					"    \"user_id\" integer NOT NULL,\n" +
					"    \"editor_id\" integer,\n" +
					"    \"title\" varchar NOT NULL DEFAULT 'untitled',\n" +
					"    \"score\" integer,\n" +
					"    PRIMARY KEY (\"id\"),\n" +
					"    CONSTRAINT \"post_editor_id_fkey\" FOREIGN KEY (\"editor_id\") REFERENCES \"user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE,\n" +
					"    CONSTRAINT \"post_user_id_fkey\" FOREIGN KEY (\"user_id\") REFERENCES \"user\" (\"id\") ON DELETE CASCADE,\n" +
					"    CONSTRAINT \"post_score_positive\" CHECK (score >= 0)\n" +
					")",
				`INSERT INTO "_matardb_tmp_post" ("id", "user_id", "editor_id", "title", "score") SELECT "id", "user_id", "editor_id", "title", "score" FROM "post"`,
				`DROP TABLE "post"`,
				`ALTER TABLE "_matardb_tmp_post" RENAME TO "post"`,
				`CREATE INDEX "ix_post_user_id" ON "post" ("user_id")`,
			},
		},
		{
			name:     "drop foreign key",
			op:       DropForeignKey("post", "post_user_id_fkey"),
			postgres: []string{`ALTER TABLE "post" DROP CONSTRAINT "post_user_id_fkey"`},
			rebuilds: true,
		},
		{
			name:     "add check",
			op:       AddCheck("user", Check("user_age_adult", "age >= 18")),
			postgres: []string{`ALTER TABLE "user" ADD CONSTRAINT "user_age_adult" CHECK (age >= 18)`},
			rebuilds: true,
		},
		{
			name:     "drop check",
			op:       DropCheck("post", "post_score_positive"),
			postgres: []string{`ALTER TABLE "post" DROP CONSTRAINT "post_score_positive"`},
			rebuilds: true,
		},
		{
			name: "create an index with every option",
			op: CreateIndex("post", Index("ix_post_title_lower", "", "score").
				Parts(Part{Expression: "lower(title)"}, Part{Desc: true}).Using("btree_gin").Where("score > 0")),
			postgres: []string{`CREATE INDEX "ix_post_title_lower" ON "post" USING btree_gin (lower(title), "score" DESC) WHERE score > 0`},
			sqlite:   []string{`CREATE INDEX "ix_post_title_lower" ON "post" (lower(title), "score" DESC) WHERE score > 0`},
		},
		{
			name:     "create an index over an expression that is not a call",
			op:       CreateIndex("post", Index("ix_post_rank", "").Parts(Part{Expression: "score * 2"})),
			postgres: []string{`CREATE INDEX "ix_post_rank" ON "post" ((score * 2))`},
			sqlite:   []string{`CREATE INDEX "ix_post_rank" ON "post" ((score * 2))`},
		},
		{
			name:     "create an index with a collation",
			op:       CreateIndex("post", Index("ix_post_title_c", "title").Parts(Part{Collate: "C"})),
			postgres: []string{`CREATE INDEX "ix_post_title_c" ON "post" ("title" COLLATE "C")`},
			sqlite:   []string{`CREATE INDEX "ix_post_title_c" ON "post" ("title" COLLATE C)`},
		},
		{
			name:     "add a unique constraint",
			op:       CreateIndex("post", UniqueConstraint("uni_post_title", "title")),
			postgres: []string{`ALTER TABLE "post" ADD CONSTRAINT "uni_post_title" UNIQUE ("title")`},
			rebuilds: true,
		},
		{
			name: "turn auto-increment on",
			op:   AlterColumn("post", "id").SetAutoIncrement(true),
			postgres: []string{
				`CREATE SEQUENCE "post_id_seq" OWNED BY "post"."id"`,
				`SELECT setval('"post_id_seq"', COALESCE(MAX("id"), 0) + 1, false) FROM "post"`,
				`ALTER TABLE "post" ALTER COLUMN "id" SET DEFAULT nextval('"post_id_seq"'::regclass)`,
			},
			rebuilds: true,
		},
		{
			name:     "drop table",
			op:       DropTable("post"),
			postgres: []string{`DROP TABLE "post"`},
			sqlite:   []string{`DROP TABLE "post"`},
		},
		{
			name:     "execute",
			op:       Execute(`UPDATE "user" SET age = 0`),
			postgres: []string{`UPDATE "user" SET age = 0`},
			sqlite:   []string{`UPDATE "user" SET age = 0`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := fixtureSchema(t)
			if _, ok := c.op.(CreateTableOp); ok {
				before = &schema.Schema{Tables: before.Tables[1:]} // only "user"
			}
			wantSQL(t, dialect.Postgres, before, c.op, c.postgres)
			if c.rebuilds {
				wantRebuild(t, before, c.op)
			} else {
				wantSQL(t, dialect.SQLite, before, c.op, c.sqlite)
			}
		})
	}
}

func wantSQL(t *testing.T, d dialect.Dialect, before *schema.Schema, o Op, want []string) {
	t.Helper()
	got, err := SQL(d, before, o)
	if err != nil {
		t.Fatalf("%s: %v", d, err)
	}
	if strings.Join(got, ";\n") != strings.Join(want, ";\n") {
		t.Errorf("%s SQL:\n%s\nwant:\n%s", d, strings.Join(got, ";\n"), strings.Join(want, ";\n"))
	}
}

// wantRebuild checks that o renders on SQLite as a rebuild of its table whose
// new definition is what o's Mutate makes of it.
func wantRebuild(t *testing.T, before *schema.Schema, o Op) {
	t.Helper()
	table := RebuildsSQLiteTable(o)
	if table == "" {
		t.Fatalf("%s does not rebuild its table on dialect.SQLite", o)
	}
	got, err := SQL(dialect.SQLite, before, o)
	if err != nil {
		t.Fatal(err)
	}
	after := before.Clone()
	if err := o.Mutate(after); err != nil {
		t.Fatal(err)
	}
	create, err := sqliteCreateTableAs(after.Table(table), rebuildPrefix+table)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 4 || got[0] != create || got[2] != `DROP TABLE "`+table+`"` {
		t.Errorf("SQLite SQL:\n%s\nwant a rebuild of %q starting with\n%s", strings.Join(got, ";\n"), table, create)
	}
}

func TestSQLiteRebuildNeedsTheSchema(t *testing.T) {
	_, err := Statements(dialect.SQLite, nil, DropColumn("user", "age"))
	if err == nil || !strings.Contains(err.Error(), `table "user" needs its current definition`) {
		t.Errorf("err = %v, want one saying table user's definition is needed", err)
	}
	if _, err := SQL(dialect.SQLite, nil, DropColumn("user", "age")); err == nil || !strings.Contains(err.Error(), `"user"`) {
		t.Errorf("SQL on an empty schema: err = %v, want one naming the missing table", err)
	}
}

func TestPostgresRenderingNeedsNoSchema(t *testing.T) {
	for _, o := range []Op{
		RenameTable("user", "member"), DropColumn("user", "age"), AlterColumn("user", "age").SetType(Text),
		AddColumn("user", Col("x", Integer).NotNull()).Backfill("1"), DropForeignKey("post", "f"), DropCheck("post", "c"),
	} {
		if _, err := Statements(dialect.Postgres, nil, o); err != nil {
			t.Errorf("%s: %v", o, err)
		}
	}
}

func TestSQLLeavesBeforeUnchanged(t *testing.T) {
	before := fixtureSchema(t)
	if _, err := SQL(dialect.SQLite, before, DropColumn("user", "age"), DropTable("post")); err != nil {
		t.Fatal(err)
	}
	if before.Table("post") == nil || before.Table("user").Column("age") == nil {
		t.Error("SQL changed the schema it was given")
	}
}

func TestSQLRejectsAnOperationThatDoesNotFit(t *testing.T) {
	_, err := SQL(dialect.Postgres, fixtureSchema(t), AddColumn("user", Col("age", Integer)))
	if err == nil || !strings.Contains(err.Error(), `add column "user"."age"`) {
		t.Errorf("err = %v, want one naming the operation", err)
	}
}
