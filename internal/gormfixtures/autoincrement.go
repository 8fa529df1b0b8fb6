package gormfixtures

import "github.com/matar-app/matardb/internal/oracle"

// Ticket has an int64 ID: GORM makes an integer primary key named ID
// auto-increment without a tag.
type Ticket struct {
	ID    int64
	Title string
}

// Voucher has a uint primary key under another name, marked primaryKey.
type Voucher struct {
	Code uint `gorm:"primaryKey"`
	Note string
}

// AutoIncrement is the auto-increment primary key idiom (ID int64, a uint
// primaryKey), on both dialects.
func AutoIncrement() Fixture {
	return Fixture{
		Name:     "auto-increment primary keys",
		Dialects: both,
		Set:      oracle.Set{Models: []any{&Ticket{}, &Voucher{}}},
		Expected: autoIncrementSchema,
	}
}

// Receipt numbers its rows with an autoIncrement tag on a column that is
// not the key. PostgreSQL only: GORM's SQLite dialect declares every
// auto-increment column "integer PRIMARY KEY AUTOINCREMENT", which makes a
// second primary key and fails.
type Receipt struct {
	UID    string `gorm:"primaryKey;size:36"`
	Serial int64  `gorm:"autoIncrement"`
}

// AutoIncrementColumn is the autoIncrement tag on a non-key column,
// PostgreSQL only.
func AutoIncrementColumn() Fixture {
	return Fixture{
		Name:     "autoIncrement on a non-key column",
		Dialects: postgresOnly,
		Set:      oracle.Set{Models: []any{&Receipt{}}},
		Expected: autoIncrementColumnSchema,
	}
}
