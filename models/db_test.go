package models

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dbtest"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/migrations"
)

// matar is the real migration history: the tests' databases are built the
// way production builds them, by running it (once, into a template each
// test clones).
func matar(t *testing.T) *history.History {
	t.Helper()
	h, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The migrated catalog, read back from PostgreSQL's and SQLite's own
// catalogs, must be exactly what GORM's parse of the models describes: this
// is what lets the Go models take over the tables the history builds.
func TestMigratedCatalogEqualsTheModels(t *testing.T) {
	parsed, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}, All()...)
	if err != nil {
		t.Fatal(err)
	}
	want := parsed.Schema
	t.Parallel()
	dbtest.Both(t, matar(t), func(t *testing.T, gdb *gorm.DB) {
		got, err := inspect.Schema(context.Background(), gdb)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := autogen.Diff(got, want, autogen.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range plan.Up {
			t.Errorf("catalog differs from the models: %s", o)
		}
		if len(got.Tables) != len(want.Tables) {
			t.Errorf("catalog has tables %v, models %v", got.TableNames(), want.TableNames())
		}
	})
}

func TestExplicitFalseAndZeroAreStoredNotReplacedByDefaults(t *testing.T) {
	t.Parallel()
	dbtest.Both(t, matar(t), func(t *testing.T, gdb *gorm.DB) {
		org := NewOrganization("Matar", WithChatGPTEnabled(false), WithActive(false),
			WithMaxPostDuration(0), WithSortOrder(0))
		if err := gdb.Create(org).Error; err != nil {
			t.Fatal(err)
		}
		var row struct {
			IsChatgptEnabled, IsActive bool
			MaxPostDuration            int
			SortOrder                  *int
			OrgType                    int
		}
		err := gdb.Raw(`SELECT is_chatgpt_enabled, is_active, max_post_duration, sort_order, org_type
			FROM organization WHERE _id = ?`, org.ID).Scan(&row).Error
		if err != nil {
			t.Fatal(err)
		}
		if row.IsChatgptEnabled || row.IsActive || row.MaxPostDuration != 0 || row.SortOrder == nil || *row.SortOrder != 0 {
			t.Errorf("stored chatgpt=%v active=%v max=%d sort_order=%v, want false, false, 0, 0", row.IsChatgptEnabled, row.IsActive, row.MaxPostDuration, row.SortOrder)
		}
	})
}

func TestModelsReadBackWhatTheyWrote(t *testing.T) {
	t.Parallel()
	dbtest.Both(t, matar(t), func(t *testing.T, gdb *gorm.DB) {
		user := NewUser("Asha", WithRoles("admin", "editor"), WithPhone("+91 98"))
		cat := NewCategory("News", WithSortOrder(2))
		post := NewPost(user.ID, "Hello", WithCategory(cat.ID), WithDuration(15e9), WithOrganization("org-1"))
		for _, m := range []any{user, cat, post} {
			if err := gdb.Create(m).Error; err != nil {
				t.Fatalf("create %T: %v", m, err)
			}
		}
		var gotUser User
		if err := gdb.First(&gotUser, "_id = ?", user.ID).Error; err != nil {
			t.Fatal(err)
		}
		if gotUser.Name != "Asha" || !gotUser.Roles.Has("editor") || len(gotUser.Roles) != 2 ||
			gotUser.Phone == nil || *gotUser.Phone != "+91 98" || !gotUser.IsActive || gotUser.CreatedAt.IsZero() {
			t.Errorf("read back user %+v", gotUser)
		}
		var gotPost Post
		if err := gdb.Preload("User").Preload("Category").First(&gotPost, "_id = ?", post.ID).Error; err != nil {
			t.Fatal(err)
		}
		if gotPost.Duration != 15 || gotPost.User == nil || gotPost.User.Name != "Asha" ||
			gotPost.Category == nil || gotPost.Category.Title != "News" || *gotPost.OrganizationID != "org-1" {
			t.Errorf("read back post %+v", gotPost)
		}
	})
}

func TestNullColumnsReadSafely(t *testing.T) {
	t.Parallel()
	dbtest.Both(t, matar(t), func(t *testing.T, gdb *gorm.DB) {
		// A row as the Python app could have left it: everything nullable NULL.
		if err := gdb.Exec(`INSERT INTO "user" ("_id") VALUES ('legacy')`).Error; err != nil {
			t.Fatal(err)
		}
		if err := gdb.Exec(`INSERT INTO organization ("_id", language, is_chatgpt_enabled, max_post_duration, org_type, is_active)
			VALUES ('org', 'hindi', true, 15, 0, true)`).Error; err != nil {
			t.Fatal(err)
		}
		var u User
		if err := gdb.First(&u, "_id = ?", "legacy").Error; err != nil {
			t.Fatalf("read a user row full of NULLs: %v", err)
		}
		want := User{Base: Base{ID: "legacy"}}
		if !u.CreatedAt.IsZero() || u.Roles != nil || u.Phone != nil || u.Name != "" || u.IsActive || u.Language != "" {
			t.Errorf("read %+v, want %+v", u, want)
		}
		var o Organization
		if err := gdb.First(&o, "_id = ?", "org").Error; err != nil {
			t.Fatalf("read an organization with NULL title, sort_order, description, code: %v", err)
		}
		if o.Title != "" || o.SortOrder != nil || o.Description != nil || o.Code != nil {
			t.Errorf("read %+v", o)
		}
	})
}

func TestAPostWithoutCategoryStoresNULLAndKeysAreEnforced(t *testing.T) {
	t.Parallel()
	dbtest.Both(t, matar(t), func(t *testing.T, gdb *gorm.DB) {
		user := NewUser("Asha")
		post := NewPost(user.ID, "Hello")
		act := NewPostActivity(post.ID, user.ID, ActivityView)
		for _, m := range []any{user, post, act} {
			if err := gdb.Create(m).Error; err != nil {
				t.Fatalf("create %T: %v", m, err)
			}
		}
		var nulls int64
		gdb.Raw(`SELECT count(*) FROM post WHERE category_id IS NULL AND organization_id IS NULL`).Scan(&nulls)
		if nulls != 1 {
			t.Errorf("post without category or organization: %d rows with NULLs, want 1", nulls)
		}
		if err := gdb.Create(NewPost("no-such-user", "Orphan")).Error; err == nil {
			t.Error("a post by a user that does not exist was stored")
		}
		if err := gdb.Delete(&Post{}, "_id = ?", post.ID).Error; err != nil {
			t.Fatal(err)
		}
		var left int64
		gdb.Raw(`SELECT count(*) FROM post_activity`).Scan(&left)
		if left != 0 {
			t.Errorf("deleting the post left %d activity rows, want 0 (ON DELETE CASCADE)", left)
		}
	})
}
