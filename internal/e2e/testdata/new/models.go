// Package models is the new side of the round trip: the old side changed
// in every way the autogenerator detects. Each change is noted where it is
// made; "was" gives the old side.
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

// Organization changes types, nullability, a default, a comment and an
// index, adds a check and a column, and drops code.
type Organization struct {
	Base
	Title            string `gorm:"column:title;type:varchar(120)"` // was varchar: narrowed
	SortOrder        *int   `gorm:"column:sort_order;type:integer"`
	Language         string `gorm:"column:language;type:varchar;not null"`
	IsChatGPTEnabled bool   `gorm:"column:is_chatgpt_enabled;type:boolean;not null"`
	MaxPostDuration  int64  `gorm:"column:max_post_duration;type:bigint;not null"` // was integer
	OrgType          *int32 `gorm:"column:org_type;type:integer"`                  // was not null
	IsActive         bool   `gorm:"column:is_active;type:boolean;not null"`
	// Description gains a comment.
	Description *string  `gorm:"column:description;type:varchar;comment:what the organization is for"`
	Rating      *float64 `gorm:"column:rating;type:numeric(10,3)"`                            // was numeric(8,2)
	Slug        *string  `gorm:"column:slug;type:varchar(80);uniqueIndex"`                    // was varchar(40), a plain index
	Tier        int32    `gorm:"column:tier;type:integer;not null;default:2;check:tier >= 0"` // default was 1; no check
	Website     *string  `gorm:"column:website;type:varchar(200)"`                            // new
	// Code is dropped.
}

// TableName is the table Alembic created.
func (Organization) TableName() string { return "organization" }

// User renames phone (and makes it unique), makes language NOT NULL and
// drops its index, drops the default of status and adds verified, NOT
// NULL with a default.
type User struct {
	Base
	Name        string  `gorm:"column:name;type:varchar"`
	PhoneNumber *string `gorm:"column:phone_number;type:varchar;unique" matardb:"renamed_from=phone"`
	Language    string  `gorm:"column:language;type:varchar;not null"` // was nullable, indexed
	IsActive    bool    `gorm:"column:is_active;type:boolean"`
	Roles       *string `gorm:"column:roles;type:json"`
	Status      *string `gorm:"column:status;type:varchar(20)"` // default was 'new'
	Verified    bool    `gorm:"column:verified;type:boolean;not null;default:false"`
}

// TableName is the table Alembic created.
func (User) TableName() string { return "user" }

// Topic is the table category renamed, with sort_order renamed to position
// and a foreign key to organization added.
type Topic struct {
	Base
	Title          string        `gorm:"column:title;type:varchar"`
	Position       *int          `gorm:"column:position;type:integer" matardb:"renamed_from=sort_order"`
	OrganizationID *string       `gorm:"column:organization_id;type:varchar"`
	Organization   *Organization `gorm:"constraint:OnDelete:SET NULL"`
}

// TableName names the renamed table.
func (Topic) TableName() string { return "topic" }

// RenamedFrom is the table's old name.
func (Topic) RenamedFrom() string { return "category" }

// Post makes ix_post_user_id composite, renames the index on category_id,
// sets category_id NULL when its topic goes (the key follows the table's
// rename), deletes posts with their user, drops the foreign key on
// organization_id, renames duration (which its check names), adds a
// default to language, changes the comment on title and adds score, NOT
// NULL, and published_at, whose default is not a constant.
type Post struct {
	Base
	UserID         string     `gorm:"column:user_id;type:varchar;not null;index:ix_post_user_id,priority:1"`
	User           *User      `gorm:"constraint:OnDelete:CASCADE"`                            // was NO ACTION
	CategoryID     *string    `gorm:"column:category_id;type:varchar;index:ix_post_category"` // was ix_post_category_id
	Category       *Topic     `gorm:"constraint:OnDelete:SET NULL"`                           // was NO ACTION
	Title          string     `gorm:"column:title;type:varchar;comment:the headline shown in lists"`
	MediaURL       *string    `gorm:"column:media_url;type:varchar"`
	LengthSeconds  int32      `gorm:"column:length_seconds;type:integer;check:post_duration_nonneg,length_seconds >= 0" matardb:"renamed_from=duration"`
	Language       string     `gorm:"column:language;type:varchar;default:hindi;index:ix_post_user_id,priority:2"`
	OrganizationID *string    `gorm:"column:organization_id;type:varchar"`
	Score          int32      `gorm:"column:score;type:integer;not null"` // new: existing rows need --default
	PublishedAt    *time.Time `gorm:"column:published_at;type:timestamp;default:CURRENT_TIMESTAMP"`
}

// TableName is the table Alembic created.
func (Post) TableName() string { return "post" }

// Tag is a new table: a foreign key to post, an index, a composite unique
// index, a default and a check.
type Tag struct {
	Base
	PostID string `gorm:"column:post_id;type:varchar;not null;index;uniqueIndex:ux_tag_post_label,priority:1"`
	Post   *Post  `gorm:"constraint:OnDelete:CASCADE"`
	Label  string `gorm:"column:label;type:varchar(50);not null;uniqueIndex:ux_tag_post_label,priority:2"`
	Weight int32  `gorm:"column:weight;type:integer;not null;default:1;check:weight >= 0"`
}

// TableName names the new table.
func (Tag) TableName() string { return "tag" }

// All returns one value of every model: post_activity is dropped.
func All() []any {
	return []any{&Organization{}, &User{}, &Topic{}, &Post{}, &Tag{}}
}
