package models

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Base holds the columns every Matar table has: the string primary key
// _id and the nullable timestamps created_at and updated_at (timestamp
// without time zone, Alembic's sa.DateTime()). Embed it first. GORM sets
// both timestamps on Create and UpdatedAt on every update, from its NowFunc.
type Base struct {
	// ID is the row's primary key; constructors fill it with NewID.
	ID        string    `gorm:"column:_id;type:varchar;primaryKey"`
	CreatedAt time.Time `gorm:"column:created_at;type:timestamp"`
	UpdatedAt time.Time `gorm:"column:updated_at;type:timestamp"`
}

// BeforeCreate is GORM's hook before an insert: it gives a row written
// from a struct literal (models.Organization{Title: "x"}) a fresh ID, as the
// constructors do, instead of inserting the empty string as its primary
// key. An ID already set is kept.
func (b *Base) BeforeCreate(*gorm.DB) error {
	if b.ID == "" {
		b.ID = NewID()
	}
	return nil
}

// NewID returns a new random primary key: a UUIDv7 in its 36-character
// text form. Version 7 begins with the creation time in milliseconds, so
// new keys sort after old ones (as text too) and inserts land at the right
// edge of the primary key's B-tree instead of on random pages, while its
// 74 random bits keep keys unguessable and collision-free across
// processes. The time it reveals is no secret: created_at stores it
// anyway. Safe for concurrent use.
func NewID() string {
	// NewV7 fails only if crypto/rand does, which since Go 1.24 cannot
	// return an error (the runtime aborts instead).
	return uuid.Must(uuid.NewV7()).String()
}
