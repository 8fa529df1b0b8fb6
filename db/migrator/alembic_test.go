package migrator

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/testdb"
)

// alembicDatabase builds what Alembic leaves at revision rev: tables a and
// b holding rows, and alembic_version.
func alembicDatabase(t *testing.T, gdb *gorm.DB, rev string) {
	t.Helper()
	for _, q := range []string{
		`CREATE TABLE "a" ("x" integer)`,
		`INSERT INTO "a" VALUES (1), (2)`,
		`CREATE TABLE "b" ("y" varchar(10))`,
		`INSERT INTO "b" VALUES ('kept')`,
		`CREATE TABLE "alembic_version" ("version_num" varchar(32) NOT NULL PRIMARY KEY)`,
		fmt.Sprintf(`INSERT INTO "alembic_version" VALUES ('%s')`, rev),
	} {
		if err := gdb.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// alembicHistory ports the revisions that made a and b (they must not run
// again) and adds c1, which the Alembic database has not seen.
func alembicHistory(t *testing.T) *history.History {
	mustNotRun := func(*gorm.DB) error { return errors.New("an adopted migration ran") }
	return mustHistory(t,
		history.Migration{ID: "aaaa00000001", Message: "create a", Migrate: mustNotRun},
		history.Migration{ID: "bbbb00000002", Parent: "aaaa00000001", Message: "create b", Migrate: mustNotRun},
		sqlMig("cccc00000003", "bbbb00000002", `ALTER TABLE "b" ADD COLUMN "z" integer`, ""),
	)
}

func TestMigrateAdoptsAnAlembicDatabaseKeepingItsRows(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		alembicDatabase(t, gdb, "bbbb00000002")
		opts, _ := testOpts(alembicHistory(t))
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
		recs, err := readRecords(ctx, gdb, TableName, columnNames())
		if err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]State{"aaaa00000001": StateAdopted, "bbbb00000002": StateAdopted, "cccc00000003": StateApplied} {
			if r := recs[id]; r == nil || r.State != want {
				t.Errorf("row of %s = %+v, want state %s", id, r, want)
			}
		}
		wantRecorded(t, gdb, "aaaa00000001", "bbbb00000002", "cccc00000003")
		var a int64
		var y string
		gdb.Raw(`SELECT count(*) FROM "a"`).Row().Scan(&a)
		if err := gdb.Raw(`SELECT "y" FROM "b" WHERE "z" IS NULL`).Row().Scan(&y); err != nil || a != 2 || y != "kept" {
			t.Fatalf("rows after adoption: a has %d, b.y = %q (%v); want 2 and kept", a, y, err)
		}
		var rev string
		gdb.Raw(`SELECT "version_num" FROM "alembic_version"`).Row().Scan(&rev)
		if rev != "bbbb00000002" {
			t.Errorf("alembic_version = %q, want it left at bbbb00000002", rev)
		}
	})
}

func TestMigrateRefusesAnUnknownAlembicRevisionChangingNothing(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		alembicDatabase(t, gdb, "ffff99999999")
		opts, _ := testOpts(alembicHistory(t))
		err := testMigrate(ctx, gdb, opts...)
		if !errors.Is(err, ErrUnknownAlembicRevision) || !strings.Contains(err.Error(), "ffff99999999") {
			t.Fatalf("err = %v, want ErrUnknownAlembicRevision naming ffff99999999", err)
		}
		wantTables(t, gdb, []string{"a", "b", "alembic_version"}, []string{"migrations"})
		var cols []string
		cols, _ = sqliteOrPostgresColumns(t, gdb, "b")
		if strings.Join(cols, ",") != "y" {
			t.Errorf("columns of b = %v, want [y]", cols)
		}
	})
}

func sqliteOrPostgresColumns(t *testing.T, gdb *gorm.DB, table string) ([]string, error) {
	t.Helper()
	d, err := backendOf(gdb)
	if err != nil {
		t.Fatal(err)
	}
	return d.columns(gdb, table)
}
