package op

import (
	"strings"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/internal/testdb"
)

// countCreateTables counts the CREATE TABLE statements gdb runs from now on.
func countCreateTables(t *testing.T, gdb *gorm.DB) *atomic.Int64 {
	t.Helper()
	n := &atomic.Int64{}
	err := gdb.Callback().Raw().After("gorm:raw").Register("test:count_create_table", func(tx *gorm.DB) {
		if strings.HasPrefix(tx.Statement.SQL.String(), "CREATE TABLE") {
			n.Add(1)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func createTables(stmts []string) int {
	n := 0
	for _, s := range stmts {
		if strings.HasPrefix(s, "CREATE TABLE") {
			n++
		}
	}
	return n
}

// Five NOT NULL columns with backfills, as the migration that added the
// organization columns has, then a column dropped and one retyped: each
// alone rebuilds the SQLite table; together they rebuild it once, with the
// same outcome.
func TestConsecutiveRebuildsOfOneSQLiteTableRebuildItOnce(t *testing.T) {
	t.Parallel()
	ops := []Op{
		AddColumn("user", Col("language", String).NotNull()).Backfill("'hindi'"),
		AddColumn("user", Col("chatgpt", Boolean).NotNull()).Backfill("true"),
		AddColumn("user", Col("max_duration", Integer).NotNull()).Backfill("15"),
		AddColumn("user", Col("kind", Integer).NotNull()).Backfill("0"),
		AddColumn("user", Col("joined", Timestamp).NotNull()).Backfill("CURRENT_TIMESTAMP"),
		DropColumn("user", "email"),
		AlterColumn("user", "age").SetType(BigInt),
		AddColumn("user", Col("nickname", String)),
	}
	stmts, err := SQL(dialect.SQLite, fixtureSchema(t), ops...)
	if err != nil {
		t.Fatal(err)
	}
	if n := createTables(stmts); n != 1 {
		t.Errorf("SQL renders %d CREATE TABLE statements, want 1:\n%s", n, strings.Join(stmts, ";\n"))
	}

	gdb := testdb.SQLite(t)
	withFixture(t, gdb)
	creates := countCreateTables(t, gdb)
	mustMigrate(t, gdb, ops...)
	if n := creates.Load(); n != 1 {
		t.Errorf("Apply ran %d CREATE TABLE statements, want 1", n)
	}
	fixtureSurvives(t, gdb, "user.email")
	wantValues(t, gdb, "user", "language", "hindi", "hindi")
	wantValues(t, gdb, "user", "chatgpt", "1", "1")
	wantValues(t, gdb, "user", "max_duration", "15", "15")
	wantValues(t, gdb, "user", "kind", "0", "0")
	wantValues(t, gdb, "user", "nickname", "NULL", "NULL")
	noColumn(t, gdb, "user", "email")
	if c := mustColumn(t, gdb, "user", "age"); c.Type != BigInt {
		t.Errorf("user.age has type %s, want bigint", c.Type)
	}
	for _, col := range []string{"language", "chatgpt", "max_duration", "kind", "joined"} {
		if c := mustColumn(t, gdb, "user", col); !c.NotNull || c.Default != "" {
			t.Errorf("user.%s = %+v, want NOT NULL without a default", col, c)
		}
		rejects(t, gdb, `UPDATE "user" SET "`+col+`" = NULL`)
	}
	var joined int
	if err := gdb.Raw(`SELECT count(*) FROM "user" WHERE "joined" IS NOT NULL`).Scan(&joined).Error; err != nil || joined != 2 {
		t.Errorf("%d rows have joined set (%v), want 2", joined, err)
	}
	rejects(t, gdb, `INSERT INTO "post" ("id", "user_id") VALUES (12, 99)`)
}

// A backfill that reads a column an earlier operation added must see the
// values that operation gave it, so it starts a rebuild of its own.
func TestABackfillReadingAnAddedColumnSeesItsValues(t *testing.T) {
	t.Parallel()
	ops := []Op{
		AddColumn("user", Col("level", Integer).NotNull()).Backfill("2"),
		AddColumn("user", Col("points", Integer).NotNull()).Backfill(`"level" * 10`),
	}
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		withFixture(t, gdb)
		creates := countCreateTables(t, gdb)
		mustMigrate(t, gdb, ops...)
		wantValues(t, gdb, "user", "points", "20", "20")
		if n := creates.Load(); dialectOf(t, gdb) == dialect.SQLite && n != 2 {
			t.Errorf("Apply ran %d CREATE TABLE statements, want 2", n)
		}
		fixtureSurvives(t, gdb)
	})
}

// A column dropped and added again within one rebuild is a new column: its
// rows get the backfill, not the values of the column dropped.
func TestAColumnDroppedAndAddedAgainGetsItsBackfill(t *testing.T) {
	t.Parallel()
	ops := []Op{
		DropColumn("user", "age"),
		AddColumn("user", Col("age", Integer).NotNull()).Backfill("0"),
	}
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		withFixture(t, gdb)
		creates := countCreateTables(t, gdb)
		mustMigrate(t, gdb, ops...)
		wantValues(t, gdb, "user", "age", "0", "0")
		if n := creates.Load(); dialectOf(t, gdb) == dialect.SQLite && n != 1 {
			t.Errorf("Apply ran %d CREATE TABLE statements, want 1", n)
		}
		fixtureSurvives(t, gdb, "user.age")
	})
}
