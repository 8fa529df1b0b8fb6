// Package models is the example application's schema, written as GORM
// users write models: gorm.Model for keys, timestamps and soft deletes,
// GORM's own table names, a many2many join table, a type that declares its
// column type per dialect, a GIN index on PostgreSQL and a partial index.
// Nothing in it is there for matardb's sake.
package models

import (
	"time"

	"gorm.io/gorm"
)

// All returns the models, for the command line (cmd/gormappdb).
func All() []any { return []any{&User{}, &Post{}, &Tag{}} }

// User is an author.
type User struct {
	gorm.Model
	Email string `gorm:"size:255;not null;uniqueIndex"`
	Name  string `gorm:"size:100;not null"`
	Bio   string `gorm:"size:500;not null;default:''"`
	// Attrs are free-form settings; the GIN index serves containment
	// queries on PostgreSQL (attrs @> '{"lang":"hi"}').
	Attrs Attrs  `gorm:"index:idx_users_attrs,type:gin"`
	Posts []Post `gorm:"foreignKey:AuthorID;constraint:OnDelete:CASCADE"`
}

// Post is a user's article, a draft until it is published.
type Post struct {
	gorm.Model
	AuthorID uint `gorm:"not null;index"`
	Author   User
	Title    string `gorm:"size:200;not null;index:idx_posts_title"`
	Body     string
	// PublishedAt is nil for a draft; the partial index holds only the
	// published posts, the ones the front page lists by date.
	PublishedAt *time.Time `gorm:"index:idx_posts_published_at,where:published_at IS NOT NULL"`
	Tags        []Tag      `gorm:"many2many:post_tags"`
}

// Tag labels posts.
type Tag struct {
	ID   uint
	Name string `gorm:"size:50;not null;uniqueIndex"`
}
