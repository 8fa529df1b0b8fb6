package models

// Category is a row of the table category. Every column but _id is
// nullable, as Alembic made them; organization_id has no foreign key, as in
// the database.
type Category struct {
	Base
	Title          string  `gorm:"column:title;type:varchar"`
	SortOrder      *int    `gorm:"column:sort_order;type:integer"`
	OrganizationID *string `gorm:"column:organization_id;type:varchar"`
}

// TableName is the table Alembic created.
func (Category) TableName() string { return "category" }

// CategoryOption is an option NewCategory accepts: WithID, WithSortOrder,
// WithOrganization.
type CategoryOption interface{ applyCategory(*Category) }

// NewCategory returns a category called title with a fresh ID, no sort
// order and no organization.
func NewCategory(title string, opts ...CategoryOption) *Category {
	c := &Category{Base: Base{ID: NewID()}, Title: title}
	for _, opt := range opts {
		opt.applyCategory(c)
	}
	return c
}
