// Command gormapp is a small GORM application that uses matardb as any
// project would: its own models (package models), its own migration
// history (package migrations, started with `gormappdb init` and written
// by `gormappdb revision --autogenerate`) and its own command line
// (cmd/gormappdb, ten lines). At startup it applies the pending
// migrations, then writes a published post with its author and tags and
// lists the front page.
//
//	cd examples/gormapp && go run .
//
// DATABASE_URL chooses the database, sqlite:gormapp.db by default. Running
// it again adds one more post by the same author.
package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/examples/gormapp/migrations"
	"github.com/matar-app/matardb/examples/gormapp/models"
)

func main() {
	if err := run(context.Background(), os.Getenv("DATABASE_URL"), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gormapp:", err)
		os.Exit(1)
	}
}

// run migrates the database at url, writes a post and prints the front page to out.
func run(ctx context.Context, url string, out io.Writer) error {
	gdb, err := connect.Open(ctx, cmp.Or(url, "sqlite:gormapp.db"))
	if err != nil {
		return err
	}
	if sqlDB, err := gdb.DB(); err == nil {
		defer sqlDB.Close()
	}
	if err := migrate(ctx, gdb); err != nil {
		return err
	}
	post, err := publish(gdb.WithContext(ctx), "asha@example.com", "Hello, GORM", "intro", "gorm")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "published post %d by user %d with %d tags\n", post.ID, post.AuthorID, len(post.Tags))
	return frontPage(gdb.WithContext(ctx), out)
}

// migrate applies the pending migrations of the application's history.
func migrate(ctx context.Context, gdb *gorm.DB) error {
	h, err := migrations.All()
	if err != nil {
		return err
	}
	m, err := migrator.New(gdb, h)
	if err != nil {
		return err
	}
	return m.Up(ctx)
}

// publish writes a published post by the user with email (created the
// first time), tagged with tags (created when new), and returns it with
// the IDs the database gave it.
func publish(gdb *gorm.DB, email, title string, tags ...string) (*models.Post, error) {
	post := &models.Post{Title: title, Body: "…", PublishedAt: new(time.Now().UTC())}
	err := gdb.Transaction(func(tx *gorm.DB) error {
		author := models.User{Email: email, Name: "Asha", Attrs: models.Attrs{"lang": "hi"}}
		if err := tx.Where(models.User{Email: email}).FirstOrCreate(&author).Error; err != nil {
			return fmt.Errorf("author %s: %w", email, err)
		}
		post.AuthorID = author.ID
		for _, name := range tags {
			tag := models.Tag{Name: name}
			if err := tx.Where(models.Tag{Name: name}).FirstOrCreate(&tag).Error; err != nil {
				return fmt.Errorf("tag %s: %w", name, err)
			}
			post.Tags = append(post.Tags, tag)
		}
		return tx.Create(post).Error
	})
	if err != nil {
		return nil, fmt.Errorf("publish %q: %w", title, err)
	}
	return post, nil
}

// frontPage prints the published posts, newest first, with their tags.
func frontPage(gdb *gorm.DB, out io.Writer) error {
	var posts []models.Post
	err := gdb.Preload("Author").Preload("Tags").
		Where("published_at IS NOT NULL").Order("published_at DESC").Find(&posts).Error
	if err != nil {
		return fmt.Errorf("read the front page: %w", err)
	}
	for _, p := range posts {
		names := make([]string, len(p.Tags))
		for i, t := range p.Tags {
			names[i] = t.Name
		}
		fmt.Fprintf(out, "  %d %q by %s %v\n", p.ID, p.Title, p.Author.Name, names)
	}
	return nil
}
