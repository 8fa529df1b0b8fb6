// Package models is the example application's first models: users with
// their settings (a GIN index on PostgreSQL) and posts (a partial index on
// the published ones). The next version (examples/gormapp/models) adds a
// field (users.bio), an index (posts.title) and a join table (post_tags).
package models

import (
	"time"

	"gorm.io/gorm"
)

// All returns the models, for the command line (cmd/gormappdb).
func All() []any { return []any{&User{}, &Post{}} }

// User is an author.
type User struct {
	gorm.Model
	Email string `gorm:"size:255;not null;uniqueIndex"`
	Name  string `gorm:"size:100;not null"`
	Attrs Attrs  `gorm:"index:idx_users_attrs,type:gin"`
	Posts []Post `gorm:"foreignKey:AuthorID;constraint:OnDelete:CASCADE"`
}

// Post is a user's article, a draft until it is published.
type Post struct {
	gorm.Model
	AuthorID    uint `gorm:"not null;index"`
	Author      User
	Title       string `gorm:"size:200;not null"`
	Body        string
	PublishedAt *time.Time `gorm:"index:idx_posts_published_at,where:published_at IS NOT NULL"`
}
