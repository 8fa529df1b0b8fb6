package models

// ActivityType is what a user did to a post.
type ActivityType string

// The activity types.
const (
	ActivityView    ActivityType = "view"
	ActivityLike    ActivityType = "like"
	ActivityShare   ActivityType = "share"
	ActivityComment ActivityType = "comment"
)

// PostActivity is a row of the table post_activity: one user's action on
// one post. Deleting the post deletes its activity. organization_id is
// nullable and has no foreign key, as in the database.
type PostActivity struct {
	Base
	PostID string `gorm:"column:post_id;type:varchar;not null;index:ix_post_activity_post_id"`
	// Post is loaded only with Preload("Post"); it declares the foreign key
	// post_activity_post_id_fkey, ON DELETE CASCADE.
	Post   *Post  `gorm:"constraint:post_activity_post_id_fkey,OnDelete:CASCADE"`
	UserID string `gorm:"column:user_id;type:varchar;not null"`
	// User is loaded only with Preload("User"); it declares the foreign key
	// post_activity_user_id_fkey.
	User           *User        `gorm:"constraint:post_activity_user_id_fkey,"`
	ActivityType   ActivityType `gorm:"column:activity_type;type:varchar;not null"`
	OrganizationID *string      `gorm:"column:organization_id;type:varchar"`
}

// TableName is the table Alembic created.
func (PostActivity) TableName() string { return "post_activity" }

// PostActivityOption is an option NewPostActivity accepts: WithID,
// WithOrganization.
type PostActivityOption interface{ applyPostActivity(*PostActivity) }

// NewPostActivity records that the user userID did t to the post postID,
// with a fresh ID and no organization.
func NewPostActivity(postID, userID string, t ActivityType, opts ...PostActivityOption) *PostActivity {
	a := &PostActivity{
		Base:         Base{ID: NewID()},
		PostID:       postID,
		UserID:       userID,
		ActivityType: t,
	}
	for _, opt := range opts {
		opt.applyPostActivity(a)
	}
	return a
}
