// Package models is the old side of the round trip: Matar's tables as the
// repository's history builds them, plus a numeric column, sized strings,
// defaults, a comment and indexes for the new side to change. The round
// trip test puts this package in place of the module's models and
// generates its migration with the real command line first.
package models

import (
	"embed"
	"time"
)

// Sources stands for the real models package's: cmd/matardb compares it
// with the files on disk to tell that it was built from other sources.
//
//go:embed *.go
var Sources embed.FS

// Base holds the columns every table has.
type Base struct {
	ID        string    `gorm:"column:_id;type:varchar;primaryKey"`
	CreatedAt time.Time `gorm:"column:created_at;type:timestamp"`
	UpdatedAt time.Time `gorm:"column:updated_at;type:timestamp"`
}

// Organization adds rating, slug and tier to Matar's organization.
type Organization struct {
	Base
	Title            string   `gorm:"column:title;type:varchar"`
	SortOrder        *int     `gorm:"column:sort_order;type:integer"`
	Language         string   `gorm:"column:language;type:varchar;not null"`
	IsChatGPTEnabled bool     `gorm:"column:is_chatgpt_enabled;type:boolean;not null"`
	MaxPostDuration  int32    `gorm:"column:max_post_duration;type:integer;not null"`
	OrgType          int32    `gorm:"column:org_type;type:integer;not null"`
	IsActive         bool     `gorm:"column:is_active;type:boolean;not null"`
	Description      *string  `gorm:"column:description;type:varchar"`
	Code             *string  `gorm:"column:code;type:varchar"`
	Rating           *float64 `gorm:"column:rating;type:numeric(8,2)"`
	Slug             *string  `gorm:"column:slug;type:varchar(40);index"`
	Tier             int32    `gorm:"column:tier;type:integer;not null;default:1"`
}

// TableName is the table Alembic created.
func (Organization) TableName() string { return "organization" }

// User adds an index on language and status, with a default, to Matar's user.
type User struct {
	Base
	Name     string  `gorm:"column:name;type:varchar"`
	Phone    *string `gorm:"column:phone;type:varchar"`
	Language string  `gorm:"column:language;type:varchar;index"`
	IsActive bool    `gorm:"column:is_active;type:boolean"`
	Roles    *string `gorm:"column:roles;type:json"`
	Status   *string `gorm:"column:status;type:varchar(20);default:new"`
}

// TableName is the table Alembic created.
func (User) TableName() string { return "user" }

// Category is Matar's category.
type Category struct {
	Base
	Title          string  `gorm:"column:title;type:varchar"`
	SortOrder      *int    `gorm:"column:sort_order;type:integer"`
	OrganizationID *string `gorm:"column:organization_id;type:varchar"`
}

// TableName is the table Alembic created.
func (Category) TableName() string { return "category" }

// Post adds a comment on title, a check on duration and a foreign key on
// organization_id to Matar's post.
type Post struct {
	Base
	UserID         string `gorm:"column:user_id;type:varchar;not null;index"`
	User           *User
	CategoryID     *string `gorm:"column:category_id;type:varchar;index"`
	Category       *Category
	Title          string  `gorm:"column:title;type:varchar;comment:the headline"`
	MediaURL       *string `gorm:"column:media_url;type:varchar"`
	Duration       int32   `gorm:"column:duration;type:integer;check:post_duration_nonneg,duration >= 0"`
	Language       string  `gorm:"column:language;type:varchar"`
	OrganizationID *string `gorm:"column:organization_id;type:varchar"`
	Organization   *Organization
}

// TableName is the table Alembic created.
func (Post) TableName() string { return "post" }

// PostActivity is Matar's post_activity.
type PostActivity struct {
	Base
	PostID         string `gorm:"column:post_id;type:varchar;not null;index"`
	Post           *Post  `gorm:"constraint:OnDelete:CASCADE"`
	UserID         string `gorm:"column:user_id;type:varchar;not null"`
	User           *User
	ActivityType   string  `gorm:"column:activity_type;type:varchar;not null"`
	OrganizationID *string `gorm:"column:organization_id;type:varchar"`
}

// TableName is the table Alembic created.
func (PostActivity) TableName() string { return "post_activity" }

// All returns one value of every model.
func All() []any {
	return []any{&Organization{}, &User{}, &Category{}, &Post{}, &PostActivity{}}
}
