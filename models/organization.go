package models

import "time"

// OrgType says who may join an organization; stored in the integer column
// org_type.
type OrgType int32

// The organization types, with the values the original model used.
const (
	OrgTypePublic  OrgType = 0
	OrgTypePrivate OrgType = 1
)

// Organization is a row of the table organization, as the original
// SQLAlchemy model describes it. Alembic created _id, title, sort_order and
// the timestamps; later migrations added the rest.
type Organization struct {
	Base
	Title            string   `gorm:"column:title;type:varchar"`
	SortOrder        *int     `gorm:"column:sort_order;type:integer"`
	Language         Language `gorm:"column:language;type:varchar;not null"`
	IsChatGPTEnabled bool     `gorm:"column:is_chatgpt_enabled;type:boolean;not null"`
	// MaxPostDuration is the longest post the organization accepts.
	MaxPostDuration Seconds `gorm:"column:max_post_duration;type:integer;not null"`
	OrgType         OrgType `gorm:"column:org_type;type:integer;not null"`
	IsActive        bool    `gorm:"column:is_active;type:boolean;not null"`
	Description     *string `gorm:"column:description;type:varchar"`
	Code            *string `gorm:"column:code;type:varchar"`
}

// TableName is the table Alembic created.
func (Organization) TableName() string { return "organization" }

// OrganizationOption is an option NewOrganization accepts: WithID,
// WithLanguage, WithActive, WithSortOrder and the options below.
type OrganizationOption interface{ applyOrganization(*Organization) }

// NewOrganization returns an organization called title with a fresh ID and
// the original model's defaults: Hindi, ChatGPT enabled, posts of at most
// 15 seconds, public, active, no description, code or sort order.
func NewOrganization(title string, opts ...OrganizationOption) *Organization {
	o := &Organization{
		Base:             Base{ID: NewID()},
		Title:            title,
		Language:         LanguageHindi,
		IsChatGPTEnabled: true,
		MaxPostDuration:  15,
		OrgType:          OrgTypePublic,
		IsActive:         true,
	}
	for _, opt := range opts {
		opt.applyOrganization(o)
	}
	return o
}

type organizationFunc func(*Organization)

func (f organizationFunc) applyOrganization(o *Organization) { f(o) }

// WithChatGPTEnabled sets is_chatgpt_enabled (default true).
func WithChatGPTEnabled(enabled bool) OrganizationOption {
	return organizationFunc(func(o *Organization) { o.IsChatGPTEnabled = enabled })
}

// WithMaxPostDuration sets max_post_duration (default 15 seconds). The
// column holds whole seconds: a fraction of a second is dropped.
func WithMaxPostDuration(d time.Duration) OrganizationOption {
	return organizationFunc(func(o *Organization) { o.MaxPostDuration = SecondsOf(d) })
}

// WithOrgType sets org_type (default OrgTypePublic).
func WithOrgType(t OrgType) OrganizationOption {
	return organizationFunc(func(o *Organization) { o.OrgType = t })
}

// WithDescription sets the description (default NULL).
func WithDescription(description string) OrganizationOption {
	return organizationFunc(func(o *Organization) { o.Description = ptr(description) })
}

// WithCode sets the code (default NULL).
func WithCode(code string) OrganizationOption {
	return organizationFunc(func(o *Organization) { o.Code = ptr(code) })
}
