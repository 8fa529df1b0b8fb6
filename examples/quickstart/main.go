// Command quickstart is the smallest complete use of matardb: open the
// embedded SQLite default (matar.db in the working directory), bring its
// schema up to date, write an organization with a user, a category, a post
// and an activity, and read them back.
//
//	go run ./examples/quickstart
//
// Running it again finds nothing to migrate and adds one more set of rows.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/models"
)

func main() {
	if err := run(context.Background(), os.Getenv("DATABASE_URL")); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, url string) error {
	gdb, err := db.Open(ctx, url) // "" opens the embedded default, sqlite:matar.db
	if err != nil {
		return err
	}
	if sqlDB, err := gdb.DB(); err == nil {
		defer sqlDB.Close()
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := db.Migrate(ctx, gdb, migrator.WithLogger(logger)); err != nil {
		return err
	}
	org, err := seed(gdb.WithContext(ctx))
	if err != nil {
		return err
	}
	return show(gdb.WithContext(ctx), org.ID)
}

// seed writes one organization with a user, a category, a post and an
// activity, all in one transaction.
func seed(gdb *gorm.DB) (*models.Organization, error) {
	org := models.NewOrganization("Matar Community", models.WithLanguage(models.LanguageEnglish))
	err := gdb.Transaction(func(tx *gorm.DB) error {
		user := models.NewUser("Asha", models.WithRoles("admin"))
		category := models.NewCategory("News", models.WithOrganization(org.ID))
		post := models.NewPost(user.ID, "Hello, Matar", models.WithCategory(category.ID), models.WithOrganization(org.ID))
		activity := models.NewPostActivity(post.ID, user.ID, models.ActivityLike, models.WithOrganization(org.ID))
		for _, row := range []any{org, user, category, post, activity} {
			if err := tx.Create(row).Error; err != nil {
				return fmt.Errorf("create %T: %w", row, err)
			}
		}
		return nil
	})
	return org, err
}

// show reads the organization back with its posts and their activities.
func show(gdb *gorm.DB, orgID string) error {
	var org models.Organization
	if err := gdb.First(&org, "_id = ?", orgID).Error; err != nil {
		return fmt.Errorf("read organization %s: %w", orgID, err)
	}
	fmt.Printf("organization %s %q (language %s, chatgpt %t, max post %ds)\n",
		org.ID, org.Title, org.Language, org.IsChatGPTEnabled, org.MaxPostDuration)
	var posts []models.Post
	if err := gdb.Preload("User").Preload("Category").Where("organization_id = ?", orgID).Find(&posts).Error; err != nil {
		return fmt.Errorf("read posts: %w", err)
	}
	for _, p := range posts {
		var n int64
		if err := gdb.Model(&models.PostActivity{}).Where("post_id = ?", p.ID).Count(&n).Error; err != nil {
			return fmt.Errorf("count activities: %w", err)
		}
		fmt.Printf("  post %q by %s in %s, activities: %d\n", p.Title, p.User.Name, p.Category.Title, n)
	}
	var total int64
	if err := gdb.Model(&models.Organization{}).Count(&total).Error; err != nil {
		return fmt.Errorf("count organizations: %w", err)
	}
	fmt.Printf("%d organization(s) in the database\n", total)
	return nil
}
