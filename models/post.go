package models

import "time"

// Post is a row of the table post: a user's post, optionally in a
// category. Every column but _id and user_id is nullable, as Alembic made
// them; title, duration and language are always set by NewPost and read a
// NULL as the zero value. organization_id has no foreign key, as in the
// database.
type Post struct {
	Base
	UserID string `gorm:"column:user_id;type:varchar;not null;index:ix_post_user_id"`
	// User is the author, loaded only with Preload("User"); it declares the
	// foreign key post_user_id_fkey.
	User       *User   `gorm:"constraint:post_user_id_fkey,"`
	CategoryID *string `gorm:"column:category_id;type:varchar;index:ix_post_category_id"`
	// Category is loaded only with Preload("Category"); it declares the
	// foreign key post_category_id_fkey.
	Category       *Category `gorm:"constraint:post_category_id_fkey,"`
	Title          string    `gorm:"column:title;type:varchar"`
	MediaURL       *string   `gorm:"column:media_url;type:varchar"`
	Duration       Seconds   `gorm:"column:duration;type:integer"`
	Language       Language  `gorm:"column:language;type:varchar"`
	OrganizationID *string   `gorm:"column:organization_id;type:varchar"`
}

// TableName is the table Alembic created.
func (Post) TableName() string { return "post" }

// PostOption is an option NewPost accepts: WithID, WithLanguage,
// WithOrganization, WithCategory, WithMediaURL, WithDuration.
type PostOption interface{ applyPost(*Post) }

// NewPost returns a post by the user userID called title, with a fresh ID,
// Hindi, a duration of 0 and no category, media or organization.
func NewPost(userID, title string, opts ...PostOption) *Post {
	p := &Post{
		Base:     Base{ID: NewID()},
		UserID:   userID,
		Title:    title,
		Language: LanguageHindi,
	}
	for _, opt := range opts {
		opt.applyPost(p)
	}
	return p
}

type postFunc func(*Post)

func (f postFunc) applyPost(p *Post) { f(p) }

// WithCategory puts the post in the category categoryID (default none).
func WithCategory(categoryID string) PostOption {
	return postFunc(func(p *Post) { p.CategoryID = ptr(categoryID) })
}

// WithMediaURL sets the URL of the post's media (default NULL).
func WithMediaURL(url string) PostOption {
	return postFunc(func(p *Post) { p.MediaURL = ptr(url) })
}

// WithDuration sets the media's duration (default 0). The column holds
// whole seconds: a fraction of a second is dropped.
func WithDuration(d time.Duration) PostOption {
	return postFunc(func(p *Post) { p.Duration = SecondsOf(d) })
}
