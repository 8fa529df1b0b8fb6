package models

// User is a row of the table user (a reserved word in PostgreSQL: quote it
// in hand-written SQL). Every column but _id is nullable, as Alembic made
// them; name, language and is_active are always set by NewUser and read a
// NULL as the zero value.
type User struct {
	Base
	Name     string   `gorm:"column:name;type:varchar"`
	Phone    *string  `gorm:"column:phone;type:varchar"`
	Language Language `gorm:"column:language;type:varchar"`
	IsActive bool     `gorm:"column:is_active;type:boolean"`
	Roles    Roles    `gorm:"column:roles;type:json"`
}

// TableName is the table Alembic created.
func (User) TableName() string { return "user" }

// UserOption is an option NewUser accepts: WithID, WithLanguage,
// WithActive, WithPhone, WithRoles.
type UserOption interface{ applyUser(*User) }

// NewUser returns a user called name with a fresh ID, Hindi, active, with
// no phone and no roles (NULL).
func NewUser(name string, opts ...UserOption) *User {
	u := &User{
		Base:     Base{ID: NewID()},
		Name:     name,
		Language: LanguageHindi,
		IsActive: true,
	}
	for _, opt := range opts {
		opt.applyUser(u)
	}
	return u
}

type userFunc func(*User)

func (f userFunc) applyUser(u *User) { f(u) }

// WithPhone sets the phone number (default NULL).
func WithPhone(phone string) UserOption {
	return userFunc(func(u *User) { u.Phone = ptr(phone) })
}

// WithRoles sets the roles (default NULL). WithRoles() with no roles
// stores an empty list, [].
func WithRoles(roles ...string) UserOption {
	return userFunc(func(u *User) { u.Roles = append(Roles{}, roles...) })
}
