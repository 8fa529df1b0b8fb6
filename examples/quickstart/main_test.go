package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/models"
)

// The README's first command must work, and work again on the same file.
func TestQuickstartRunsTwiceOnOneFile(t *testing.T) {
	url := "sqlite:" + filepath.Join(t.TempDir(), "matar.db")
	ctx := context.Background()
	for range 2 {
		if err := run(ctx, url); err != nil {
			t.Fatal(err)
		}
	}
	gdb, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if sqlDB, err := gdb.DB(); err == nil {
			sqlDB.Close()
		}
	}()
	var orgs, posts int64
	gdb.Model(&models.Organization{}).Count(&orgs)
	gdb.Model(&models.Post{}).Count(&posts)
	if orgs != 2 || posts != 2 {
		t.Errorf("after two runs: %d organizations, %d posts; want 2 and 2", orgs, posts)
	}
}
