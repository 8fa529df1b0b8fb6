package op

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
)

// applyCase is one operation applied to the filled fixture, then reversed.
type applyCase struct {
	name string
	op   Op
	// touches lists the fixture columns ("table.column", "table.*") the
	// operation may change; every other one must keep its rows.
	touches []string
	// lost lists the fixture columns whose rows the reverse does not bring back.
	lost []string
	// effect checks that the operation did what it says.
	effect func(t *testing.T, gdb *gorm.DB)
	// reverted checks that the reverse undid it.
	reverted func(t *testing.T, gdb *gorm.DB)
	// schemaDiffers is set when the reverse cannot restore the schema exactly.
	schemaDiffers bool
}

func applyCases() []applyCase {
	return []applyCase{
		{
			name: "create table",
			op: CreateTable("tag",
				Col("id", Integer).NotNull(),
				Col("post_id", Integer).NotNull(),
				Col("label", VarChar(20)).NotNull().Default("'new'"),
				PrimaryKey("id"),
				ForeignKey("tag_post_id_fkey", "post_id").References("post", "id"),
				Check("tag_label_nonempty", "label <> ''"),
				UniqueIndex("ix_tag_label", "label"),
			),
			effect: func(t *testing.T, gdb *gorm.DB) {
				accepts(t, gdb, `INSERT INTO "tag" ("id", "post_id") VALUES (1, 10)`)
				rejects(t, gdb, `INSERT INTO "tag" ("id", "post_id") VALUES (1, 999)`)
				rejects(t, gdb, `INSERT INTO "tag" ("id", "post_id", "label") VALUES (1, 10, '')`)
				rejects(t, gdb, `INSERT INTO "tag" ("id", "post_id", "label") VALUES (1, 10, 'a'), (2, 10, 'a')`)
				rejects(t, gdb, `INSERT INTO "tag" ("id", "post_id", "label") VALUES (1, 10, 'a'), (1, 11, 'b')`)
				if c := mustColumn(t, gdb, "tag", "label"); c.Type != VarChar(20) || !c.NotNull || c.Default != "'new'" {
					t.Errorf("tag.label = %+v", c)
				}
			},
			reverted: func(t *testing.T, gdb *gorm.DB) { tableGone(t, gdb, "tag") },
		},
		{
			name:    "drop table",
			op:      DropTable("post"),
			touches: []string{"post.*"}, lost: []string{"post.*"},
			effect: func(t *testing.T, gdb *gorm.DB) { tableGone(t, gdb, "post") },
			reverted: func(t *testing.T, gdb *gorm.DB) {
				rejects(t, gdb, `INSERT INTO "post" ("id", "user_id") VALUES (1, 99)`)
				accepts(t, gdb, `INSERT INTO "post" ("id", "user_id") VALUES (1, 1)`)
			},
		},
		{
			name:    "rename table",
			op:      RenameTable("user", "member"),
			touches: []string{"user.*"},
			effect: func(t *testing.T, gdb *gorm.DB) {
				tableGone(t, gdb, "user")
				wantValues(t, gdb, "member", "name", fixtureRows["user.name"]...)
				if ref := referencedTable(t, gdb, "post", "user_id"); ref != "member" {
					t.Errorf("post.user_id references %q, want member", ref)
				}
				rejects(t, gdb, `INSERT INTO "post" ("id", "user_id") VALUES (1, 99)`)
				if dialectOf(t, gdb) == dialect.Postgres && !slices.Contains(constraints(t, gdb, "member"), "member_pkey") {
					t.Errorf("constraints of member = %v, want member_pkey among them", constraints(t, gdb, "member"))
				}
			},
			reverted: func(t *testing.T, gdb *gorm.DB) {
				if dialectOf(t, gdb) == dialect.Postgres && !slices.Contains(constraints(t, gdb, "user"), "user_pkey") {
					t.Errorf("constraints of user = %v, want user_pkey among them", constraints(t, gdb, "user"))
				}
			},
		},
		{
			name: "add column with a constant default",
			op:   AddColumn("post", Col("views", Integer).NotNull().Default("0")),
			effect: func(t *testing.T, gdb *gorm.DB) {
				wantValues(t, gdb, "post", "views", "0", "0")
				if c := mustColumn(t, gdb, "post", "views"); !c.NotNull || c.Default != "0" {
					t.Errorf("post.views = %+v", c)
				}
			},
			reverted: func(t *testing.T, gdb *gorm.DB) { noColumn(t, gdb, "post", "views") },
		},
		{
			name: "add not null column with backfill",
			op:   AddColumn("user", Col("nickname", String).NotNull()).Backfill(`"name" || '!'`),
			effect: func(t *testing.T, gdb *gorm.DB) {
				wantValues(t, gdb, "user", "nickname", "asha!", "ravi!")
				if c := mustColumn(t, gdb, "user", "nickname"); !c.NotNull || c.Default != "" {
					t.Errorf("user.nickname = %+v, want NOT NULL without default", c)
				}
				rejects(t, gdb, `INSERT INTO "user" ("id", "name") VALUES (3, 'meera')`)
			},
			reverted: func(t *testing.T, gdb *gorm.DB) { noColumn(t, gdb, "user", "nickname") },
		},
		{
			name: "add not null column with a non-constant default",
			op:   AddColumn("post", Col("created_at", Timestamp).NotNull().Default("CURRENT_TIMESTAMP")),
			effect: func(t *testing.T, gdb *gorm.DB) {
				for _, v := range values(t, gdb, "post", "created_at") {
					if v == "NULL" {
						t.Errorf("post.created_at = %q, want every row filled by the default", values(t, gdb, "post", "created_at"))
					}
				}
			},
			reverted: func(t *testing.T, gdb *gorm.DB) { noColumn(t, gdb, "post", "created_at") },
		},
		{
			name:    "drop column",
			op:      DropColumn("user", "age"),
			touches: []string{"user.age"}, lost: []string{"user.age"},
			effect: func(t *testing.T, gdb *gorm.DB) { noColumn(t, gdb, "user", "age") },
			reverted: func(t *testing.T, gdb *gorm.DB) {
				if c := mustColumn(t, gdb, "user", "age"); c.Type != Integer || c.NotNull {
					t.Errorf("user.age = %+v", c)
				}
			},
		},
		{
			name:    "drop indexed column",
			op:      DropColumn("user", "email"),
			touches: []string{"user.email"}, lost: []string{"user.email"},
			effect: func(t *testing.T, gdb *gorm.DB) {
				noColumn(t, gdb, "user", "email")
				if exists(t, gdb, "index", "ix_user_email") {
					t.Error("index ix_user_email outlived its column")
				}
				rejects(t, gdb, `INSERT INTO "user" ("id", "name") VALUES (3, 'asha')`) // ix_user_name kept
			},
			reverted:      func(t *testing.T, gdb *gorm.DB) { mustColumn(t, gdb, "user", "email") },
			schemaDiffers: true, // the column comes back last and without its index
		},
		{
			name:    "rename column",
			op:      RenameColumn("user", "name", "full_name"),
			touches: []string{"user.name"},
			effect: func(t *testing.T, gdb *gorm.DB) {
				noColumn(t, gdb, "user", "name")
				wantValues(t, gdb, "user", "full_name", fixtureRows["user.name"]...)
				rejects(t, gdb, `INSERT INTO "user" ("id", "full_name") VALUES (3, 'asha')`)
			},
		},
		{
			name:    "alter column type",
			op:      AlterColumn("user", "age").SetType(VarChar(10)),
			touches: []string{"user.age"},
			effect: func(t *testing.T, gdb *gorm.DB) {
				if c := mustColumn(t, gdb, "user", "age"); c.Type != VarChar(10) {
					t.Errorf("user.age type = %v, want varchar(10)", c.Type)
				}
				wantValues(t, gdb, "user", "age", "30", "NULL")
			},
			reverted: func(t *testing.T, gdb *gorm.DB) {
				if c := mustColumn(t, gdb, "user", "age"); c.Type != Integer {
					t.Errorf("user.age type = %v, want integer", c.Type)
				}
			},
		},
		{
			name:    "alter column type and default together",
			op:      AlterColumn("post", "title").SetType(Text).SetDefault("'draft'"),
			touches: []string{"post.title"},
			effect: func(t *testing.T, gdb *gorm.DB) {
				if c := mustColumn(t, gdb, "post", "title"); c.Type != Text || c.Default != "'draft'" || !c.NotNull {
					t.Errorf("post.title = %+v", c)
				}
			},
		},
		{
			name:    "alter column nullability and default",
			op:      AlterColumn("post", "title").SetNotNull(false).DropDefault(),
			touches: []string{"post.title"},
			effect: func(t *testing.T, gdb *gorm.DB) {
				if c := mustColumn(t, gdb, "post", "title"); c.NotNull || c.Default != "" {
					t.Errorf("post.title = %+v, want nullable without default", c)
				}
				accepts(t, gdb, `INSERT INTO "post" ("id", "user_id") VALUES (1, 1)`)
			},
			reverted: func(t *testing.T, gdb *gorm.DB) {
				if c := mustColumn(t, gdb, "post", "title"); !c.NotNull || c.Default != "'untitled'" {
					t.Errorf("post.title = %+v, want NOT NULL DEFAULT 'untitled'", c)
				}
			},
		},
		{
			name: "alter column comment",
			op:   AlterColumn("post", "title").SetComment("headline"),
			effect: func(t *testing.T, gdb *gorm.DB) {
				if c := mustColumn(t, gdb, "post", "title"); dialectOf(t, gdb) == dialect.Postgres && c.Comment != "headline" {
					t.Errorf("post.title comment = %q, want headline", c.Comment)
				}
			},
			reverted: func(t *testing.T, gdb *gorm.DB) {
				if c := mustColumn(t, gdb, "post", "title"); dialectOf(t, gdb) == dialect.Postgres && c.Comment != "shown in lists" {
					t.Errorf("post.title comment = %q, want it back", c.Comment)
				}
			},
		},
		{
			name: "create index",
			op:   CreateIndex("post", UniqueIndex("ix_post_title", "title")),
			effect: func(t *testing.T, gdb *gorm.DB) {
				rejects(t, gdb, `INSERT INTO "post" ("id", "user_id", "title") VALUES (1, 1, 'hello')`)
			},
			reverted: func(t *testing.T, gdb *gorm.DB) {
				accepts(t, gdb, `INSERT INTO "post" ("id", "user_id", "title") VALUES (1, 1, 'hello')`)
			},
		},
		{
			name: "drop index",
			op:   DropIndex("user", "ix_user_name"),
			effect: func(t *testing.T, gdb *gorm.DB) {
				accepts(t, gdb, `INSERT INTO "user" ("id", "name") VALUES (3, 'asha')`)
			},
			reverted: func(t *testing.T, gdb *gorm.DB) {
				rejects(t, gdb, `INSERT INTO "user" ("id", "name") VALUES (3, 'asha')`)
			},
		},
		{
			name:     "add foreign key",
			op:       AddForeignKey("post", ForeignKey("post_editor_id_fkey", "editor_id").References("user", "id").OnDelete("SET NULL")),
			effect:   func(t *testing.T, gdb *gorm.DB) { rejects(t, gdb, `UPDATE "post" SET "editor_id" = 99`) },
			reverted: func(t *testing.T, gdb *gorm.DB) { accepts(t, gdb, `UPDATE "post" SET "editor_id" = 99`) },
		},
		{
			name:     "drop foreign key",
			op:       DropForeignKey("post", "post_user_id_fkey"),
			effect:   func(t *testing.T, gdb *gorm.DB) { accepts(t, gdb, `UPDATE "post" SET "user_id" = 99`) },
			reverted: func(t *testing.T, gdb *gorm.DB) { rejects(t, gdb, `UPDATE "post" SET "user_id" = 99`) },
		},
		{
			name:     "add check",
			op:       AddCheck("user", Check("user_age_adult", "age >= 18")),
			effect:   func(t *testing.T, gdb *gorm.DB) { rejects(t, gdb, `UPDATE "user" SET "age" = 5`) },
			reverted: func(t *testing.T, gdb *gorm.DB) { accepts(t, gdb, `UPDATE "user" SET "age" = 5`) },
		},
		{
			name:     "drop check",
			op:       DropCheck("post", "post_score_positive"),
			effect:   func(t *testing.T, gdb *gorm.DB) { accepts(t, gdb, `UPDATE "post" SET "score" = -1`) },
			reverted: func(t *testing.T, gdb *gorm.DB) { rejects(t, gdb, `UPDATE "post" SET "score" = -1`) },
		},
		{
			name:    "execute",
			op:      Execute(`UPDATE "user" SET "age" = 40 WHERE "id" = 1`).WithUndo(`UPDATE "user" SET "age" = 30 WHERE "id" = 1`),
			touches: []string{"user.age"},
			effect:  func(t *testing.T, gdb *gorm.DB) { wantValues(t, gdb, "user", "age", "40", "NULL") },
		},
	}
}

func TestEveryOperationKeepsRowsAndReverses(t *testing.T) {
	t.Parallel()
	for _, c := range applyCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
				withFixture(t, gdb)
				initial := dump(t, gdb)
				mustMigrate(t, gdb, c.op)
				fixtureSurvives(t, gdb, c.touches...)
				c.effect(t, gdb)

				reverse, err := c.op.Reverse(fixtureSchema(t))
				if err != nil {
					t.Fatal(err)
				}
				mustMigrate(t, gdb, reverse)
				fixtureSurvives(t, gdb, c.lost...)
				if c.reverted != nil {
					c.reverted(t, gdb)
				}
				if got := dump(t, gdb); !c.schemaDiffers && got != initial {
					t.Errorf("schema after the reverse:\n%s\nwant:\n%s", got, initial)
				}
			})
		})
	}
}

func tableGone(t *testing.T, gdb *gorm.DB, name string) {
	t.Helper()
	if exists(t, gdb, "table", name) {
		t.Errorf("table %s still exists", name)
	}
}

func TestFailingOperationRollsBackTheWholeTransaction(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		withFixture(t, gdb)
		initial := dump(t, gdb)
		err := migrate(t, gdb,
			AddColumn("user", Col("nickname", String)),
			DropColumn("user", "email"),
			AlterColumn("user", "age").SetNotNull(true), // ravi has no age
		)
		if err == nil || !strings.Contains(err.Error(), `alter column "user"."age"`) {
			t.Fatalf("err = %v, want one naming the failing operation", err)
		}
		fixtureSurvives(t, gdb)
		if got := dump(t, gdb); got != initial {
			t.Errorf("schema after the failed migration:\n%s\nwant:\n%s", got, initial)
		}
	})
}

func TestAddNotNullColumnWithoutBackfillFailsOnRows(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		withFixture(t, gdb)
		if err := migrate(t, gdb, AddColumn("user", Col("nickname", String).NotNull())); err == nil {
			t.Fatal("adding a NOT NULL column without default or backfill to a table with rows succeeded")
		}
		noColumn(t, gdb, "user", "nickname")
		fixtureSurvives(t, gdb)
	})
}

func TestQuotingAllowsAnyIdentifier(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		table := `odd"name`
		mustMigrate(t, gdb,
			CreateTable(table, Col("id", Integer).NotNull(), Col("select", Integer), Col(`x"y`, Text),
				PrimaryKey("id"), Index(`ix_odd"name`, `x"y`), Check(`odd"check`, `"select" > 0`)),
		)
		exec(t, gdb, `INSERT INTO "odd""name" ("id", "select", "x""y") VALUES (1, 1, 'a')`)
		mustMigrate(t, gdb, AlterColumn(table, `x"y`).SetNotNull(true), RenameColumn(table, `x"y`, "from"))
		if c := mustColumn(t, gdb, table, "from"); !c.NotNull {
			t.Errorf("column %+v, want NOT NULL", c)
		}
		wantValues(t, gdb, table, "from", "a")
		wantValues(t, gdb, table, "select", "1")
		rejects(t, gdb, `INSERT INTO "odd""name" ("id", "select", "from") VALUES (2, 0, 'b')`)
		if !exists(t, gdb, "index", `ix_odd"name`) {
			t.Error(`index ix_odd"name is gone`)
		}
	})
}

// A SQLite rebuild drops the original table; with foreign keys enforced that
// would delete or cascade to the rows referencing it.
func TestSQLiteRebuildOfReferencedTableRefusesWhileForeignKeysAreOn(t *testing.T) {
	t.Parallel()
	gdb := testdb.SQLite(t)
	withFixture(t, gdb)
	err := gdb.Transaction(func(tx *gorm.DB) error { return Apply(tx, DropColumn("user", "age")) })
	if !errors.Is(err, ErrForeignKeysOn) || !strings.Contains(err.Error(), `drop column "user"."age"`) {
		t.Fatalf("err = %v, want ErrForeignKeysOn naming the operation", err)
	}
	fixtureSurvives(t, gdb)
	mustColumn(t, gdb, "user", "age")

	// post is referenced by nothing, so it may be rebuilt with foreign keys on.
	err = gdb.Transaction(func(tx *gorm.DB) error { return Apply(tx, AlterColumn("post", "score").SetType(BigInt)) })
	if err != nil {
		t.Fatal(err)
	}
	fixtureSurvives(t, gdb)
}

func TestSchemaIsReadAgainAfterExecute(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		withFixture(t, gdb)
		mustMigrate(t, gdb,
			DropColumn("user", "age"), // on SQLite, reads the schema
			Execute(`ALTER TABLE "user" ADD COLUMN "extra" integer`),
			DropColumn("user", "extra"), // needs the schema the Execute changed
		)
		noColumn(t, gdb, "user", "extra")
		fixtureSurvives(t, gdb, "user.age")
	})
}

func TestApplyRejectsAnUnknownDialect(t *testing.T) {
	t.Parallel()
	gdb := testdb.SQLite(t)
	gdb.Dialector = renamed{gdb.Dialector}
	if err := Apply(gdb, DropTable("x")); err == nil || !strings.Contains(err.Error(), "oracle") {
		t.Errorf("err = %v, want one naming the dialect", err)
	}
}

type renamed struct{ gorm.Dialector }

func (renamed) Name() string { return "oracle" }

func TestSQLRendersAMigrationFromAnEmptyDatabase(t *testing.T) {
	ops := append(fixture(), AddColumn("user", Col("nickname", String).NotNull()).Backfill("'x'"), DropColumn("user", "age"))
	for _, d := range []dialect.Dialect{dialect.Postgres, dialect.SQLite} {
		stmts, err := SQL(d, nil, ops...)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if len(stmts) < len(ops) {
			t.Errorf("%s: %d statements for %d operations", d, len(stmts), len(ops))
		}
	}
	var s schema.Schema
	if _, err := SQL(dialect.SQLite, &s, ops...); err != nil || len(s.Tables) != 0 {
		t.Errorf("SQL changed its input schema or failed: %v", err)
	}
}
