package migrator

import (
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/internal/testdb"
)

// parentChild creates parent and child (child.parent_id references parent)
// ON DELETE CASCADE, with one row each: a rebuild of parent with foreign
// keys on would delete the child row.
var parentChild = sqlMig("f01", "", "", "")

func init() {
	parentChild.Migrate = func(tx *gorm.DB) error {
		for _, q := range []string{
			`CREATE TABLE "parent" ("id" integer PRIMARY KEY, "name" text)`,
			`CREATE TABLE "child" ("id" integer PRIMARY KEY, "parent_id" integer REFERENCES "parent" ("id") ON DELETE CASCADE)`,
			`INSERT INTO "parent" VALUES (1, 'p')`,
			`INSERT INTO "child" VALUES (10, 1)`,
		} {
			if err := tx.Exec(q).Error; err != nil {
				return err
			}
		}
		return nil
	}
}

func TestMigrateOnSQLiteRebuildsAReferencedTableWithForeignKeysOff(t *testing.T) {
	t.Parallel()
	gdb := testdb.SQLite(t)
	sqlDB, _ := gdb.DB()
	sqlDB.SetMaxOpenConns(1) // so the connection Migrate used is the one inspected after
	rebuild := sqlMig("f02", "f01", "", "")
	rebuild.Migrate = func(tx *gorm.DB) error {
		for _, q := range []string{
			`CREATE TABLE "parent_new" ("id" integer PRIMARY KEY, "name" text NOT NULL DEFAULT '')`,
			`INSERT INTO "parent_new" SELECT "id", "name" FROM "parent"`,
			`DROP TABLE "parent"`,
			`ALTER TABLE "parent_new" RENAME TO "parent"`,
		} {
			if err := tx.Exec(q).Error; err != nil {
				return err
			}
		}
		return nil
	}
	opts, _ := testOpts(mustHistory(t, parentChild, rebuild))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	var child, fk int64
	gdb.Raw(`SELECT count(*) FROM "child" JOIN "parent" ON "parent"."id" = "child"."parent_id"`).Row().Scan(&child)
	gdb.Raw(`PRAGMA foreign_keys`).Row().Scan(&fk)
	if child != 1 || fk != 1 {
		t.Fatalf("joined child rows = %d, foreign_keys = %d; want 1 and 1 (turned back on)", child, fk)
	}
}

// wantF02BreaksAForeignKeyOf migrates gdb through ms and fails t unless
// migration f02 fails, the foreign key check naming table.
func wantF02BreaksAForeignKeyOf(t *testing.T, gdb *gorm.DB, table string, ms ...history.Migration) {
	t.Helper()
	opts, _ := testOpts(mustHistory(t, ms...))
	err := testMigrate(ctx, gdb, opts...)
	var pe *PartialError
	if !errors.As(err, &pe) || pe.Failed != "f02" || !strings.Contains(err.Error(), "foreign keys violated: "+table) {
		t.Fatalf("err = %v, want f02 to fail naming table %s", err, table)
	}
}

func TestMigrateOnSQLiteFailsAMigrationThatBreaksAForeignKey(t *testing.T) {
	t.Parallel()
	gdb := testdb.SQLite(t)
	orphan := sqlMig("f02", "f01", `INSERT INTO "child" VALUES (11, 99)`, "")
	wantF02BreaksAForeignKeyOf(t, gdb, "child", parentChild, orphan)
	var n int64
	gdb.Raw(`SELECT count(*) FROM "child"`).Row().Scan(&n)
	if n != 1 {
		t.Fatalf("child has %d rows, want the orphan rolled back", n)
	}
	wantRecorded(t, gdb, "f01")
}

// A NoTransaction migration (the safe plan's form) that adds a foreign key
// the existing rows violate fails on SQLite too, naming the table, and is
// not recorded applied: the keys are checked after its step, as they are
// before a transactional migration commits.
func TestMigrateOnSQLiteChecksTheForeignKeysOfANoTransactionMigration(t *testing.T) {
	t.Parallel()
	gdb := testdb.SQLite(t)
	tables := sqlMig("f01", "", `CREATE TABLE "parent" ("id" integer PRIMARY KEY); `+
		`CREATE TABLE "item" ("id" integer PRIMARY KEY, "parent_id" integer); INSERT INTO "item" VALUES (1, 99)`, "")
	fk := history.Migration{ID: "f02", Parent: "f01", Message: "item references parent", NoTransaction: true,
		Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.AddForeignKeyNotValid("item", op.ForeignKey("item_parent_fk", "parent_id").References("parent", "id")),
				op.ValidateConstraint("item", "item_parent_fk"))
		}}
	wantF02BreaksAForeignKeyOf(t, gdb, "item", tables, fk)
	var state State
	if err := gdb.Raw(`SELECT "status" FROM "migrations" WHERE "id" = 'f02'`).Row().Scan(&state); err != nil || state != StateFailed {
		t.Fatalf("f02's state = %q (%v), want %q", state, err, StateFailed)
	}
}
