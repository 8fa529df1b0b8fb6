package benchutil

import (
	"fmt"
	"time"
)

// MaxTables is the largest model set Models returns: the account table and
// 1,000 item tables.
const MaxTables = 1001

// Account is the table every item references. It has ten columns and an
// index, like the items, and no foreign key.
type Account struct {
	ID        string    `gorm:"primaryKey;type:varchar(36)"`
	Email     string    `gorm:"type:varchar(255);not null;index"`
	Name      string    `gorm:"type:varchar(255);not null"`
	Phone     *string   `gorm:"type:varchar(32)"`
	Plan      int32     `gorm:"type:integer;not null"`
	Balance   float64   `gorm:"type:numeric(12,2);not null"`
	Verified  bool      `gorm:"not null"`
	Settings  *string   `gorm:"type:text"`
	CreatedAt time.Time `gorm:"type:timestamp;not null"`
	UpdatedAt time.Time `gorm:"type:timestamp;not null"`
}

// TableName names Account's table.
func (Account) TableName() string { return "account" }

// ItemColumns are the eight columns of an item besides its foreign key and
// primary key; an index on name.
type ItemColumns struct {
	Name      string    `gorm:"type:varchar(255);not null;index"`
	Code      *string   `gorm:"type:varchar(64)"`
	Quantity  int32     `gorm:"type:integer;not null"`
	Total     int64     `gorm:"not null"`
	Price     float64   `gorm:"type:numeric(12,2)"`
	Active    bool      `gorm:"not null"`
	Note      *string   `gorm:"type:text"`
	CreatedAt time.Time `gorm:"type:timestamp;not null"`
}

// item is one of 1,000 distinct model types, item_000 … item_999: its
// table name comes from its type arguments, three decimal digits. GORM
// parses each instantiation as a model type of its own, as it would 1,000
// hand-written structs.
type item[A, B, C digit] struct {
	ID        string   `gorm:"primaryKey;type:varchar(36)"`
	AccountID *string  `gorm:"type:varchar(36)"`
	Account   *Account `gorm:"constraint:OnDelete:CASCADE"`
	ItemColumns
}

func (item[A, B, C]) TableName() string { return itemTable[A, B, C]() }

// itemV2 is item with one more column, extra.
type itemV2[A, B, C digit] struct {
	ID        string   `gorm:"primaryKey;type:varchar(36)"`
	AccountID *string  `gorm:"type:varchar(36)"`
	Account   *Account `gorm:"constraint:OnDelete:CASCADE"`
	ItemColumns
	Extra *string `gorm:"type:varchar(255)"`
}

func (itemV2[A, B, C]) TableName() string { return itemTable[A, B, C]() }

func itemTable[A, B, C digit]() string {
	var a A
	var b B
	var c C
	return fmt.Sprintf("item_%d%d%d", a.value(), b.value(), c.value())
}

// Models returns pointers to n GORM models (1 ≤ n ≤ MaxTables): Account
// and the item tables item_000 … up to n in all. Each has ten columns, a
// primary key and an index; each item has a foreign key to account.
func Models(n int) ([]any, error) { return modelSet(n, allItems) }

// ModelsV2 is Models with one nullable column, extra, added to every item
// table.
func ModelsV2(n int) ([]any, error) { return modelSet(n, allItemsV2) }

func modelSet(n int, items []any) ([]any, error) {
	if n < 1 || n > MaxTables {
		return nil, fmt.Errorf("a model set of %d tables was asked for; there are 1 to %d", n, MaxTables)
	}
	return append([]any{&Account{}}, items[:n-1]...), nil
}

var allItems, allItemsV2 = enumerate()

// enumerate instantiates item and itemV2 for every three-digit number, in
// order.
func enumerate() (v1, v2 []any) {
	hundreds[d0](&v1, &v2)
	hundreds[d1](&v1, &v2)
	hundreds[d2](&v1, &v2)
	hundreds[d3](&v1, &v2)
	hundreds[d4](&v1, &v2)
	hundreds[d5](&v1, &v2)
	hundreds[d6](&v1, &v2)
	hundreds[d7](&v1, &v2)
	hundreds[d8](&v1, &v2)
	hundreds[d9](&v1, &v2)
	return v1, v2
}

func hundreds[A digit](v1, v2 *[]any) {
	tens[A, d0](v1, v2)
	tens[A, d1](v1, v2)
	tens[A, d2](v1, v2)
	tens[A, d3](v1, v2)
	tens[A, d4](v1, v2)
	tens[A, d5](v1, v2)
	tens[A, d6](v1, v2)
	tens[A, d7](v1, v2)
	tens[A, d8](v1, v2)
	tens[A, d9](v1, v2)
}

func tens[A, B digit](v1, v2 *[]any) {
	*v1 = append(*v1, &item[A, B, d0]{}, &item[A, B, d1]{}, &item[A, B, d2]{}, &item[A, B, d3]{}, &item[A, B, d4]{},
		&item[A, B, d5]{}, &item[A, B, d6]{}, &item[A, B, d7]{}, &item[A, B, d8]{}, &item[A, B, d9]{})
	*v2 = append(*v2, &itemV2[A, B, d0]{}, &itemV2[A, B, d1]{}, &itemV2[A, B, d2]{}, &itemV2[A, B, d3]{}, &itemV2[A, B, d4]{},
		&itemV2[A, B, d5]{}, &itemV2[A, B, d6]{}, &itemV2[A, B, d7]{}, &itemV2[A, B, d8]{}, &itemV2[A, B, d9]{})
}

// digit is a decimal digit carried by a type, so that item's
// instantiations are distinct types with distinct table names.
type digit interface{ value() int }

type (
	d0 struct{}
	d1 struct{}
	d2 struct{}
	d3 struct{}
	d4 struct{}
	d5 struct{}
	d6 struct{}
	d7 struct{}
	d8 struct{}
	d9 struct{}
)

func (d0) value() int { return 0 }
func (d1) value() int { return 1 }
func (d2) value() int { return 2 }
func (d3) value() int { return 3 }
func (d4) value() int { return 4 }
func (d5) value() int { return 5 }
func (d6) value() int { return 6 }
func (d7) value() int { return 7 }
func (d8) value() int { return 8 }
func (d9) value() int { return 9 }
