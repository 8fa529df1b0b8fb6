package models

import (
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dbtest"
)

// A struct literal written without a constructor must still get a primary
// key: the empty string would be stored once and then collide.
func TestStructLiteralsGetAnIDOnCreate(t *testing.T) {
	t.Parallel()
	dbtest.Both(t, matar(t), func(t *testing.T, gdb *gorm.DB) {
		a, b := &Organization{Title: "a"}, &Organization{Title: "b"}
		for _, o := range []*Organization{a, b} {
			if err := gdb.Create(o).Error; err != nil {
				t.Fatalf("create %q: %v", o.Title, err)
			}
		}
		if a.ID == "" || b.ID == "" || a.ID == b.ID {
			t.Fatalf("IDs after Create: %q and %q, want two distinct non-empty IDs", a.ID, b.ID)
		}
		batch := []*Category{{Title: "x"}, {Title: "y"}}
		if err := gdb.Create(&batch).Error; err != nil {
			t.Fatalf("create a batch: %v", err)
		}
		var n int64
		if err := gdb.Model(&Category{}).Where("_id <> ''").Count(&n).Error; err != nil || n != 2 {
			t.Fatalf("categories with an ID: %d (%v), want 2", n, err)
		}
		kept := &Organization{Base: Base{ID: "given"}, Title: "c"}
		if err := gdb.Create(kept).Error; err != nil || kept.ID != "given" {
			t.Fatalf("an ID set before Create became %q (%v), want it kept", kept.ID, err)
		}
	})
}
