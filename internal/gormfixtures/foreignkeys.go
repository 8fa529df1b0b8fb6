package gormfixtures

import "github.com/matar-app/matardb/internal/oracle"

// Firm has many Staff; each Staff belongs to a Firm and optionally to a
// Mentor (another Staff). The constraint tags give the referential actions.
type Firm struct {
	ID    uint
	Name  string
	Staff []Staff `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`
}

// Staff belongs to a Firm (has-many from Firm) and to a Mentor (belongs-to).
type Staff struct {
	ID       uint
	FirmID   *uint
	MentorID *uint
	Mentor   *Staff `gorm:"constraint:OnDelete:CASCADE"`
}

// ForeignKeys is the belongs-to / has-many idiom with constraint actions,
// on both dialects.
func ForeignKeys() Fixture {
	return Fixture{
		Name:     "foreign keys with constraint actions",
		Dialects: both,
		Set:      oracle.Set{Models: []any{&Firm{}, &Staff{}}},
		Expected: foreignKeysSchema,
	}
}
