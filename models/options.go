package models

// The options several models accept. Each is a small type with one method
// per model it applies to; an option a model does not accept does not
// compile. Options a single model accepts are in that model's file.

// IDOption sets the primary key instead of a fresh NewID. Every model
// accepts it.
type IDOption string

// WithID gives the new model the primary key id, for example to recreate a
// row whose key is known.
func WithID(id string) IDOption { return IDOption(id) }

func (o IDOption) applyOrganization(m *Organization) { m.ID = string(o) }
func (o IDOption) applyUser(m *User)                 { m.ID = string(o) }
func (o IDOption) applyCategory(m *Category)         { m.ID = string(o) }
func (o IDOption) applyPost(m *Post)                 { m.ID = string(o) }
func (o IDOption) applyPostActivity(m *PostActivity) { m.ID = string(o) }

// LanguageOption sets the language of an Organization, User or Post
// (default LanguageHindi).
type LanguageOption Language

// WithLanguage sets the language.
func WithLanguage(l Language) LanguageOption { return LanguageOption(l) }

func (o LanguageOption) applyOrganization(m *Organization) { m.Language = Language(o) }
func (o LanguageOption) applyUser(m *User)                 { m.Language = Language(o) }
func (o LanguageOption) applyPost(m *Post)                 { m.Language = Language(o) }

// ActiveOption sets is_active of an Organization or User (default true).
type ActiveOption bool

// WithActive sets is_active; WithActive(false) stores false.
func WithActive(active bool) ActiveOption { return ActiveOption(active) }

func (o ActiveOption) applyOrganization(m *Organization) { m.IsActive = bool(o) }
func (o ActiveOption) applyUser(m *User)                 { m.IsActive = bool(o) }

// SortOrderOption sets sort_order of an Organization or Category (default
// NULL, no order).
type SortOrderOption int

// WithSortOrder sets sort_order; WithSortOrder(0) stores 0, not NULL.
func WithSortOrder(n int) SortOrderOption { return SortOrderOption(n) }

func (o SortOrderOption) applyOrganization(m *Organization) { m.SortOrder = ptr(int(o)) }
func (o SortOrderOption) applyCategory(m *Category)         { m.SortOrder = ptr(int(o)) }

// OrganizationIDOption sets organization_id of a Category, Post or
// PostActivity (default NULL, no organization).
type OrganizationIDOption string

// WithOrganization sets organization_id to the _id of an organization.
func WithOrganization(organizationID string) OrganizationIDOption {
	return OrganizationIDOption(organizationID)
}

func (o OrganizationIDOption) applyCategory(m *Category) { m.OrganizationID = ptr(string(o)) }
func (o OrganizationIDOption) applyPost(m *Post)         { m.OrganizationID = ptr(string(o)) }
func (o OrganizationIDOption) applyPostActivity(m *PostActivity) {
	m.OrganizationID = ptr(string(o))
}

// ptr returns a pointer to a copy of v, for nullable columns.
func ptr[T any](v T) *T { return &v }
