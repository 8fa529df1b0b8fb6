// Command datamigration shows a hand-written data migration: the kind the
// autogenerator cannot write because it changes rows, not the schema.
//
//	go run ./examples/datamigration
//
// In the real project such a migration is a file in migrations/, started
// with `go run ./cmd/matardb revision -m "fill post language"` and filled in
// by hand, exactly like fillPostLanguage below. Here it is appended to
// Matar's history in memory and run on a scratch SQLite file, so the example
// changes nothing of yours.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/migrations"
	"github.com/matar-app/matardb/models"
)

// fillPostLanguage gives every post without a language its author's
// language. It names tables and columns literally, never through the model
// types, so it keeps its meaning when the models change.
func fillPostLanguage(parent string) history.Migration {
	return history.Migration{
		ID:      "5e1f0c2d9a7b",
		Parent:  parent,
		Message: "fill post language from the author",
		Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.Execute(`UPDATE "post" SET "language" = `+
					`(SELECT "language" FROM "user" WHERE "user"."_id" = "post"."user_id") `+
					`WHERE "language" IS NULL`),
			)
		},
		// The old NULLs carried no information, so rolling back leaves the
		// filled values in place: a no-op, said out loud.
		Rollback: func(*gorm.DB) error { return nil },
	}
}

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "datamigration:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "matardb-example-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	gdb, err := db.Open(ctx, "sqlite:"+filepath.Join(dir, "example.db"))
	if err != nil {
		return err
	}
	if sqlDB, err := gdb.DB(); err == nil {
		defer sqlDB.Close()
	}
	if err := db.Migrate(ctx, gdb); err != nil {
		return err
	}
	user := models.NewUser("Ravi", models.WithLanguage(models.LanguageHindi))
	post := models.NewPost(user.ID, "Namaste")
	if err := gdb.Create(user).Error; err != nil {
		return err
	}
	if err := gdb.Create(post).Error; err != nil {
		return err
	}
	// An old client wrote posts without a language.
	if err := gdb.Model(post).Update("language", nil).Error; err != nil {
		return err
	}

	base, err := migrations.All()
	if err != nil {
		return err
	}
	h, err := history.New(append(values(base), fillPostLanguage(base.Head()))...)
	if err != nil {
		return err
	}
	m, err := migrator.New(gdb, h)
	if err != nil {
		return err
	}
	if err := m.Up(ctx); err != nil {
		return err
	}
	var got models.Post
	if err := gdb.First(&got, "_id = ?", post.ID).Error; err != nil {
		return err
	}
	if got.Language != user.Language {
		return fmt.Errorf("post %q has language %q after the data migration, want its author's %q", got.Title, got.Language, user.Language)
	}
	fmt.Printf("post %q now has language %q (its author's)\n", got.Title, got.Language)
	return nil
}

// values copies a history's migrations so more can be appended.
func values(h *history.History) []history.Migration {
	out := make([]history.Migration, 0, h.Len()+1)
	for _, m := range h.Migrations() {
		out = append(out, *m)
	}
	return out
}
