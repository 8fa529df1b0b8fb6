package gormfixtures

import (
	"time"

	"github.com/matar-app/matardb/internal/oracle"
)

// Host has PostgreSQL types outside matardb's kinds and precisions:
// inet, char(2), timestamp(3), timestamptz(6), numeric(10,2), arrays
// (text[], and int[] and varchar(12)[], which the catalog spells
// integer[] and character varying(12)[]), a default of now(), and a
// GormDBDataType (jsonb).
type Host struct {
	ID        uint
	Addr      string    `gorm:"type:inet"`
	Country   string    `gorm:"type:char(2)"`
	SeenAt    time.Time `gorm:"type:timestamp(3)"`
	CheckedAt time.Time `gorm:"type:timestamptz(6);default:now()"`
	Fee       float64   `gorm:"type:numeric(10,2)"`
	Aliases   string    `gorm:"type:text[]"`
	Ports     string    `gorm:"type:int[]"`
	Labels    string    `gorm:"type:varchar(12)[]"`
	Meta      Document
}

// Token has a uuid key filled by the server: default:gen_random_uuid().
// PostgreSQL only: SQLite cannot parse a function call as a default
// (AutoMigrate fails with `near "(": syntax error`).
type Token struct {
	ID    string `gorm:"type:uuid;primaryKey;default:gen_random_uuid()"`
	Scope string `gorm:"size:20"`
}

// PostgresTypes is the column-type idiom on PostgreSQL (inet, arrays,
// now() and gen_random_uuid() have no SQLite form).
func PostgresTypes() Fixture {
	return Fixture{
		Name:     "column types (PostgreSQL)",
		Dialects: postgresOnly,
		Set:      oracle.Set{Models: []any{&Host{}, &Token{}}},
		Expected: postgresTypesSchema,
	}
}

// Parcel has the types both dialects take, as GORM declares them: Go's
// own types untagged, char(2), timestamp(3), numeric(10,2), size:, not
// null and a GormDBDataType (jsonb / json).
type Parcel struct {
	ID        uint
	Name      string `gorm:"size:60;not null"`
	Note      string
	Country   string  `gorm:"type:char(2)"`
	Weight    float64 `gorm:"type:numeric(10,2)"`
	Ratio     float64
	Pieces    int
	Small     int32
	Fragile   bool
	Shipped   time.Time
	ShippedAt time.Time `gorm:"type:timestamp(3)"`
	Payload   []byte
	Meta      Document
}

// PortableTypes is the column-type idiom on both dialects.
func PortableTypes() Fixture {
	return Fixture{
		Name:     "column types (both dialects)",
		Dialects: both,
		Set:      oracle.Set{Models: []any{&Parcel{}}},
		Expected: portableTypesSchema,
	}
}

// Setting has defaults of every kind GORM writes (an empty string, zero,
// false, CURRENT_TIMESTAMP), check constraints (named and unnamed) and a
// comment.
type Setting struct {
	ID    uint
	Name  string    `gorm:"size:40;not null;default:''"`
	Level int       `gorm:"default:0;check:level >= 0"`
	On    bool      `gorm:"default:false"`
	Since time.Time `gorm:"default:CURRENT_TIMESTAMP"`
	Score int       `gorm:"check:chk_setting_score,score < 100"`
	Note  string    `gorm:"comment:shown to admins"`
}

// Defaults is the default / check / comment idiom on both dialects.
func Defaults() Fixture {
	return Fixture{
		Name:     "defaults, checks and comments",
		Dialects: both,
		Set:      oracle.Set{Models: []any{&Setting{}}},
		Expected: defaultsSchema,
	}
}

// Cents is an amount stored through GormDataType alone (no
// GormDBDataType): GORM declares the type it returns, numeric(12,2), on
// every dialect.
type Cents int64

// GormDataType is the column type GORM declares for the field.
func (Cents) GormDataType() string { return "numeric(12,2)" }

// Wallet has a field whose type names its column type with GormDataType.
type Wallet struct {
	ID      uint
	Balance Cents
}

// DataTypeMethod is the GormDataType idiom, on both dialects.
func DataTypeMethod() Fixture {
	return Fixture{
		Name:     "GormDataType",
		Dialects: both,
		Set:      oracle.Set{Models: []any{&Wallet{}}},
		Expected: dataTypeMethodSchema,
	}
}
