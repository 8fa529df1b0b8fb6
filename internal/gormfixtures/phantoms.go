package gormfixtures

import (
	"slices"

	"github.com/matar-app/matardb/db/dialect"
)

// Phantoms returns the statements AutoMigrate sends again, on dialect d,
// to a database that already has the fixture's schema: its own diffs
// against itself, documented in docs/gorm-mapping.md. Nil for every
// fixture but those.
func Phantoms(f Fixture, d dialect.Dialect) []string {
	return slices.Clone(phantoms[f.Name+"/"+string(d)])
}

// phantoms are the statements AutoMigrate sends again on a database it
// has just built, by fixture name and dialect.
var phantoms = map[string][]string{
	"autoIncrement on a non-key column/postgres": {
		`ALTER TABLE "receipts" ALTER COLUMN "serial" DROP NOT NULL`,
	},
	"column types (PostgreSQL)/postgres": {
		`ALTER TABLE "hosts" ALTER COLUMN "country" TYPE char(2) USING "country"::char(2)`,
		`ALTER TABLE "hosts" ALTER COLUMN "checked_at" TYPE timestamptz(6) USING "checked_at"::timestamptz(6)`,
		`ALTER TABLE "hosts" ALTER COLUMN "checked_at" SET DEFAULT now()`,
		`ALTER TABLE "hosts" ALTER COLUMN "ports" TYPE int[] USING "ports"::int[]`,
		`ALTER TABLE "hosts" ALTER COLUMN "labels" TYPE varchar(12)[] USING "labels"::varchar(12)[]`,
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
