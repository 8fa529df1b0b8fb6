package models

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/schema"
)

func TestNewIDIsAUniqueTimeOrderedUUIDv7(t *testing.T) {
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = NewID()
	}
	for _, id := range ids {
		u, err := uuid.Parse(id)
		if err != nil || u.Version() != 7 || u.String() != id {
			t.Fatalf("NewID() = %q: want a canonical UUIDv7 (parse error %v)", id, err)
		}
	}
	if !slices.IsSorted(ids) {
		t.Error("IDs made one after another do not sort in creation order")
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Error("NewID repeated an ID")
	}
}

func TestConstructorsFillAFreshIDAndTheSeedDefaults(t *testing.T) {
	org := NewOrganization("Matar")
	wantOrg := Organization{
		Base: Base{ID: org.ID}, Title: "Matar", Language: LanguageHindi, IsChatGPTEnabled: true,
		MaxPostDuration: 15, OrgType: OrgTypePublic, IsActive: true,
	}
	user := NewUser("Asha")
	wantUser := User{Base: Base{ID: user.ID}, Name: "Asha", Language: LanguageHindi, IsActive: true}
	cat := NewCategory("News")
	wantCat := Category{Base: Base{ID: cat.ID}, Title: "News"}
	post := NewPost(user.ID, "Hello")
	wantPost := Post{Base: Base{ID: post.ID}, UserID: user.ID, Title: "Hello", Language: LanguageHindi}
	act := NewPostActivity(post.ID, user.ID, ActivityLike)
	wantAct := PostActivity{Base: Base{ID: act.ID}, PostID: post.ID, UserID: user.ID, ActivityType: ActivityLike}

	tests := []struct {
		name      string
		got, want any
		id        string
	}{
		{"organization", *org, wantOrg, org.ID},
		{"user", *user, wantUser, user.ID},
		{"category", *cat, wantCat, cat.ID},
		{"post", *post, wantPost, post.ID},
		{"post activity", *act, wantAct, act.ID},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if tt.id == "" || seen[tt.id] {
			t.Errorf("%s: ID %q is empty or repeated", tt.name, tt.id)
		}
		seen[tt.id] = true
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, tt.got, tt.want)
		}
	}
}

func TestOptionsOverrideTheDefaultsIncludingFalseAndZero(t *testing.T) {
	org := NewOrganization("Matar",
		WithID("org-1"), WithLanguage(LanguageEnglish), WithChatGPTEnabled(false),
		WithMaxPostDuration(90*time.Second+900*time.Millisecond), WithOrgType(OrgTypePrivate),
		WithActive(false), WithDescription(""), WithCode("MTR"), WithSortOrder(0))
	wantOrg := &Organization{
		Base: Base{ID: "org-1"}, Title: "Matar", SortOrder: ptr(0), Language: LanguageEnglish,
		IsChatGPTEnabled: false, MaxPostDuration: 90, OrgType: OrgTypePrivate, IsActive: false,
		Description: ptr(""), Code: ptr("MTR"),
	}
	if !reflect.DeepEqual(org, wantOrg) {
		t.Errorf("organization:\n got %+v\nwant %+v", org, wantOrg)
	}
	if zero := NewOrganization("x", WithMaxPostDuration(0)); zero.MaxPostDuration != 0 {
		t.Errorf("WithMaxPostDuration(0) kept %d", zero.MaxPostDuration)
	}

	user := NewUser("Asha", WithID("u-1"), WithPhone("+91 98"), WithLanguage(LanguageEnglish), WithActive(false), WithRoles())
	wantUser := &User{Base: Base{ID: "u-1"}, Name: "Asha", Phone: ptr("+91 98"), Language: LanguageEnglish, Roles: Roles{}}
	if !reflect.DeepEqual(user, wantUser) {
		t.Errorf("user:\n got %+v\nwant %+v", user, wantUser)
	}

	cat := NewCategory("News", WithID("c-1"), WithSortOrder(3), WithOrganization("org-1"))
	wantCat := &Category{Base: Base{ID: "c-1"}, Title: "News", SortOrder: ptr(3), OrganizationID: ptr("org-1")}
	if !reflect.DeepEqual(cat, wantCat) {
		t.Errorf("category:\n got %+v\nwant %+v", cat, wantCat)
	}

	post := NewPost("u-1", "Hello", WithID("p-1"), WithCategory("c-1"), WithMediaURL("https://m/1.mp4"),
		WithDuration(12*time.Second), WithLanguage(LanguageEnglish), WithOrganization("org-1"))
	wantPost := &Post{Base: Base{ID: "p-1"}, UserID: "u-1", CategoryID: ptr("c-1"), Title: "Hello",
		MediaURL: ptr("https://m/1.mp4"), Duration: 12, Language: LanguageEnglish, OrganizationID: ptr("org-1")}
	if !reflect.DeepEqual(post, wantPost) {
		t.Errorf("post:\n got %+v\nwant %+v", post, wantPost)
	}

	act := NewPostActivity("p-1", "u-1", ActivityShare, WithID("a-1"), WithOrganization("org-1"))
	wantAct := &PostActivity{Base: Base{ID: "a-1"}, PostID: "p-1", UserID: "u-1", ActivityType: ActivityShare, OrganizationID: ptr("org-1")}
	if !reflect.DeepEqual(act, wantAct) {
		t.Errorf("post activity:\n got %+v\nwant %+v", act, wantAct)
	}
}

func TestSecondsConvertWholeSeconds(t *testing.T) {
	if got := SecondsOf(2*time.Minute + 999*time.Millisecond); got != 120 {
		t.Errorf("SecondsOf(2m0.999s) = %d, want 120", got)
	}
	if got := Seconds(15).Duration(); got != 15*time.Second {
		t.Errorf("Seconds(15).Duration() = %v", got)
	}
}

// wantTables are the tables the migration history builds (Alembic's three
// revisions, then the rest of the Organization model): "column type null".
var wantTables = map[string][]string{
	"organization": {
		"_id string not null", "created_at timestamp null", "updated_at timestamp null",
		"title string null", "sort_order integer null", "language string not null",
		"is_chatgpt_enabled boolean not null", "max_post_duration integer not null",
		"org_type integer not null", "is_active boolean not null", "description string null", "code string null",
	},
	"user": {
		"_id string not null", "created_at timestamp null", "updated_at timestamp null",
		"name string null", "phone string null", "language string null", "is_active boolean null", "roles json null",
	},
	"category": {
		"_id string not null", "created_at timestamp null", "updated_at timestamp null",
		"title string null", "sort_order integer null", "organization_id string null",
	},
	"post": {
		"_id string not null", "created_at timestamp null", "updated_at timestamp null",
		"user_id string not null", "category_id string null", "title string null", "media_url string null",
		"duration integer null", "language string null", "organization_id string null",
	},
	"post_activity": {
		"_id string not null", "created_at timestamp null", "updated_at timestamp null",
		"post_id string not null", "user_id string not null", "activity_type string not null",
		"organization_id string null",
	},
}

// wantKeys are each table's primary key, foreign keys and indexes, named as
// PostgreSQL and Alembic named them.
var wantKeys = map[string][]string{
	"organization": {"pk _id"},
	"user":         {"pk _id"},
	"category":     {"pk _id"},
	"post": {
		"pk _id", "fk post_category_id_fkey (category_id) -> category(_id)",
		"fk post_user_id_fkey (user_id) -> user(_id)",
		"ix ix_post_category_id (category_id)", "ix ix_post_user_id (user_id)",
	},
	"post_activity": {
		"pk _id", "fk post_activity_post_id_fkey (post_id) -> post(_id) on delete CASCADE",
		"fk post_activity_user_id_fkey (user_id) -> user(_id)", "ix ix_post_activity_post_id (post_id)",
	},
}

func TestModelsMapOntoTheTablesAlembicBuilt(t *testing.T) {
	parsed, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}, All()...)
	if err != nil {
		t.Fatal(err)
	}
	s := parsed.Schema
	if got, want := s.TableNames(), []string{"category", "organization", "post", "post_activity", "user"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("tables = %v, want %v", got, want)
	}
	for _, tbl := range s.Tables {
		if got := describeColumns(tbl); !reflect.DeepEqual(got, wantTables[tbl.Name]) {
			t.Errorf("%s columns:\n got %q\nwant %q", tbl.Name, got, wantTables[tbl.Name])
		}
		if got := describeKeys(tbl); !reflect.DeepEqual(got, wantKeys[tbl.Name]) {
			t.Errorf("%s keys:\n got %q\nwant %q", tbl.Name, got, wantKeys[tbl.Name])
		}
		for _, c := range tbl.Columns {
			if c.Default != "" {
				t.Errorf("%s.%s has the server default %q: defaults belong in the constructors", tbl.Name, c.Name, c.Default)
			}
		}
	}
}

func describeColumns(t *schema.Table) []string {
	var out []string
	for _, c := range t.Columns {
		null := "null"
		if c.NotNull {
			null = "not null"
		}
		out = append(out, fmt.Sprintf("%s %s %s", c.Name, c.Type, null))
	}
	return out
}

func describeKeys(t *schema.Table) []string {
	out := []string{"pk " + join(t.PrimaryKey)}
	for _, f := range t.ForeignKeys {
		s := fmt.Sprintf("fk %s (%s) -> %s(%s)", f.Name, join(f.Columns), f.RefTable, join(f.RefColumns))
		if f.OnDelete != "" {
			s += " on delete " + f.OnDelete
		}
		out = append(out, s)
	}
	for _, i := range t.Indexes {
		out = append(out, fmt.Sprintf("ix %s (%s)", i.Name, join(i.Columns)))
	}
	return out
}

func join(names []string) string { return strings.Join(names, ", ") }

func TestAllListsReferencedTablesFirst(t *testing.T) {
	parsed, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}, All()...)
	if err != nil {
		t.Fatal(err)
	}
	s := parsed.Schema
	position := map[string]int{}
	for i, m := range All() {
		position[reflect.ValueOf(m).MethodByName("TableName").Call(nil)[0].String()] = i
	}
	for _, tbl := range s.Tables {
		for _, fk := range tbl.ForeignKeys {
			if position[fk.RefTable] >= position[tbl.Name] {
				t.Errorf("All lists %s before %s, which it references", tbl.Name, fk.RefTable)
			}
		}
	}
}
