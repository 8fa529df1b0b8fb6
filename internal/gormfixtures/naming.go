package gormfixtures

import (
	"time"

	"github.com/matar-app/matardb/internal/oracle"
	"gorm.io/gorm"
	gormschema "gorm.io/gorm/schema"
)

// Stamp is embedded twice into Shipment under two prefixes.
type Stamp struct {
	By string `gorm:"size:40"`
	At time.Time
}

// Shipment has embedded structs with embeddedPrefix and a field stored
// with serializer:json.
type Shipment struct {
	ID      uint
	Created Stamp    `gorm:"embedded;embeddedPrefix:created_"`
	Updated Stamp    `gorm:"embedded;embeddedPrefix:updated_"`
	Stops   []string `gorm:"serializer:json"`
}

// Embedded is the embedded-struct and serializer idiom, on both dialects.
func Embedded() Fixture {
	return Fixture{
		Name:     "embedded structs and serializer:json",
		Dialects: both,
		Set:      oracle.Set{Models: []any{&Shipment{}}},
		Expected: embeddedSchema,
	}
}

// Member belongs to a Team; both are named by the naming strategy of
// Naming (prefix app_, singular tables).
type Member struct {
	ID     uint
	Name   string `gorm:"index"`
	TeamID uint
	Team   Team
}

// Team is the other side of Member.Team.
type Team struct {
	ID   uint
	Name string
}

// Relic names its own table with a TableName method, which the naming
// strategy's prefix does not touch.
type Relic struct {
	ID   uint
	Code string `gorm:"uniqueIndex"`
}

// TableName is the table of Relic.
func (Relic) TableName() string { return "legacy_relics" }

// Naming is the custom NamingStrategy idiom (table prefix, singular
// tables) with a TableName method, on both dialects.
func Naming() Fixture {
	return Fixture{
		Name:     "NamingStrategy and TableName",
		Dialects: both,
		Set: oracle.Set{
			Models: []any{&Team{}, &Member{}, &Relic{}},
			Config: func() *gorm.Config {
				return &gorm.Config{NamingStrategy: gormschema.NamingStrategy{TablePrefix: "app_", SingularTable: true}}
			},
		},
		Expected: namingSchema,
	}
}

// Owner has many Pets; under DisableForeignKeyConstraintWhenMigrating no
// foreign key is created.
type Owner struct {
	ID   uint
	Pets []Pet
}

// Pet belongs to an Owner.
type Pet struct {
	ID      uint
	OwnerID uint
	Owner   Owner
}

// NoForeignKeys is the DisableForeignKeyConstraintWhenMigrating idiom, on
// both dialects.
func NoForeignKeys() Fixture {
	return Fixture{
		Name:     "DisableForeignKeyConstraintWhenMigrating",
		Dialects: both,
		Set: oracle.Set{
			Models: []any{&Owner{}, &Pet{}},
			Config: func() *gorm.Config {
				return &gorm.Config{DisableForeignKeyConstraintWhenMigrating: true}
			},
		},
		Expected: noForeignKeysSchema,
	}
}
