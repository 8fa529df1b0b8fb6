package gormfixtures

import (
	"github.com/matar-app/matardb/internal/oracle"
	"gorm.io/gorm"
)

// Gadget embeds gorm.Model: an auto-increment uint ID and the
// CreatedAt/UpdatedAt/DeletedAt columns, DeletedAt with its index.
type Gadget struct {
	gorm.Model
	Label string
}

// GormModel is the gorm.Model idiom, on both dialects.
func GormModel() Fixture {
	return Fixture{
		Name:     "gorm.Model",
		Dialects: both,
		Set:      oracle.Set{Models: []any{&Gadget{}}},
		Expected: gormModelSchema,
	}
}
