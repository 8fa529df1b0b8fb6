package gormfixtures_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/internal/gormfixtures"
	"github.com/matar-app/matardb/internal/oracle"
)

// TestAutoMigrateBuildsTheExpectedSchema keeps each fixture's Expected
// true: GORM's AutoMigrate of the fixture on a fresh database, read back
// by db/inspect, is exactly the expected schema.
func TestAutoMigrateBuildsTheExpectedSchema(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f gormfixtures.Fixture, d dialect.Dialect) {
		got, _ := oracle.AutoMigrate(t, d, f.Set)
		assertSameJSON(t, "schema AutoMigrate built", got, f.Expected(d))
	})
}

// phantoms are the statements AutoMigrate sends again on a database it
// has just built, one list per fixture and dialect: its own diffs against
// itself, documented in docs/gorm-mapping.md. Every other fixture must
// send none.
var phantoms = map[string][]string{
	"autoIncrement on a non-key column/postgres": {
		`ALTER TABLE "receipts" ALTER COLUMN "serial" DROP NOT NULL`,
	},
	"column types (PostgreSQL)/postgres": {
		`ALTER TABLE "hosts" ALTER COLUMN "country" TYPE char(2) USING "country"::char(2)`,
		`ALTER TABLE "hosts" ALTER COLUMN "checked_at" TYPE timestamptz(6) USING "checked_at"::timestamptz(6)`,
		`ALTER TABLE "hosts" ALTER COLUMN "checked_at" SET DEFAULT now()`,
	},
	"column types (both dialects)/postgres": {
		`ALTER TABLE "parcels" ALTER COLUMN "country" TYPE char(2) USING "country"::char(2)`,
	},
	"column types (both dialects)/sqlite": {
		"CREATE TABLE `parcels__temp`  (`id` integer PRIMARY KEY AUTOINCREMENT,`name` text NOT NULL,`note` text," +
			"`country` char(2),`weight` numeric(10,2),`ratio` real,`pieces` integer,`small` integer,`fragile` numeric," +
			"`shipped` datetime,`shipped_at` timestamp(3),`payload` blob,`meta` json)",
		"INSERT INTO `parcels__temp`(`id`,`name`,`note`,`country`,`weight`,`ratio`,`pieces`,`small`,`fragile`,`shipped`," +
			"`shipped_at`,`payload`,`meta`) SELECT `id`,`name`,`note`,`country`,`weight`,`ratio`,`pieces`,`small`," +
			"`fragile`,`shipped`,`shipped_at`,`payload`,`meta` FROM `parcels`",
		"DROP TABLE `parcels`",
		"ALTER TABLE `parcels__temp` RENAME TO `parcels`",
	},
	"GormDataType/sqlite": {
		"CREATE TABLE `wallets__temp`  (`id` integer PRIMARY KEY AUTOINCREMENT,`balance` numeric(12,2))",
		"INSERT INTO `wallets__temp`(`id`,`balance`) SELECT `id`,`balance` FROM `wallets`",
		"DROP TABLE `wallets`",
		"ALTER TABLE `wallets__temp` RENAME TO `wallets`",
	},
}

// TestAutoMigrateAgainSendsOnlyItsKnownPhantoms proves oracle.DDL on the
// fixtures: a second AutoMigrate on the database the first one built
// sends no statement that changes it, except AutoMigrate's own phantom
// diffs, listed in phantoms.
func TestAutoMigrateAgainSendsOnlyItsKnownPhantoms(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f gormfixtures.Fixture, d dialect.Dialect) {
		_, gdb := oracle.AutoMigrate(t, d, f.Set)
		ddl, err := oracle.DDL(t.Context(), gdb, f.Set)
		if err != nil {
			t.Fatal(err)
		}
		if want := phantoms[f.Name+"/"+string(d)]; !slices.Equal(ddl, want) {
			t.Errorf("second AutoMigrate sent %q\nwant %q", ddl, want)
		}
	})
}

func eachFixture(t *testing.T, run func(*testing.T, gormfixtures.Fixture, dialect.Dialect)) {
	for _, f := range gormfixtures.All() {
		for _, d := range f.Dialects {
			t.Run(f.Name+"/"+string(d), func(t *testing.T) {
				t.Parallel()
				run(t, f, d)
			})
		}
	}
}

func assertSameJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	if string(g) != string(w) {
		t.Errorf("%s:\n%s\nwant:\n%s", what, g, w)
	}
}
