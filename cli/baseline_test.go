package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
)

// The models of a project that has run GORM's AutoMigrate until now,
// written as GORM users write them.
type (
	baselineShelf struct {
		gorm.Model
		Title string `gorm:"size:120;not null;index"`
		Rank  int    `gorm:"not null;default:0"`
		Note  *string
		Books []baselineBook `gorm:"foreignKey:ShelfID"`
	}
	baselineBook struct {
		ID      uint
		ShelfID uint   `gorm:"not null;index"`
		ISBN    string `gorm:"size:13;not null;uniqueIndex"`
		Pages   int
		Price   float64
		Lent    bool `gorm:"not null;default:false"`
		Added   time.Time
		Readers []baselineReader `gorm:"many2many:book_readers"`
	}
	baselineReader struct {
		ID   uint
		Name string
	}
)

func baselineProject() Project {
	return Project{Name: "appdb", Models: []any{&baselineShelf{}, &baselineBook{}, &baselineReader{}}}
}

// onBothAutoMigrated runs f with the URL and connection of a fresh
// PostgreSQL database and of a fresh SQLite file, each built by GORM's
// AutoMigrate from p's models.
func onBothAutoMigrated(t *testing.T, p Project, f func(t *testing.T, url string, gdb *gorm.DB)) {
	onBoth(t, func(t *testing.T, url string) {
		gdb := open(t, url)
		if err := gdb.AutoMigrate(p.Models...); err != nil {
			t.Fatal(err)
		}
		f(t, url, gdb)
	})
}

func TestBaselineRecordsTheFirstMigrationWhenTheDatabaseIsWhatTheModelsSay(t *testing.T) {
	t.Parallel()
	p := baselineProject()
	onBothAutoMigrated(t, p, func(t *testing.T, url string, gdb *gorm.DB) {
		dir := t.TempDir()
		if code, _, errOut := runProject(t, p, "init", "--dir", dir); code != exitOK {
			t.Fatalf("init: %s", errOut)
		}
		code, out, errOut := runProject(t, p, "baseline", "--dir", dir, "--database-url", url)
		if code != exitOK {
			t.Fatalf("baseline exited %d\n%s%s", code, out, errOut)
		}
		files, err := migdir.Scan(dir)
		if err != nil || len(files) != 1 {
			t.Fatalf("after baseline the directory holds %v (%v), want one migration", files, err)
		}
		id := files[0].ID
		wantContains(t, "baseline", out, filepath.Join(dir, files[0].Name), "database at "+id+" (head)")
		if got := recorded(t, gdb); len(got) != 1 || got[0] != id {
			t.Errorf("bookkeeping rows %v, want [%s]", got, id)
		}
		if problems, err := migdir.Verify(dir); err != nil || len(problems) != 0 {
			t.Errorf("the sum file disagrees with the migration: %v %v", problems, err)
		}
	})
}

func TestBaselineListsTheDifferencesAndWritesNothingWhenTheyDisagree(t *testing.T) {
	t.Parallel()
	p := baselineProject()
	onBothAutoMigrated(t, p, func(t *testing.T, url string, gdb *gorm.DB) {
		if err := gdb.Exec(`DROP INDEX idx_baseline_books_shelf_id`).Error; err != nil {
			t.Fatal(err)
		}
		if err := gdb.Exec(`ALTER TABLE baseline_shelves ADD COLUMN legacy_code varchar(10)`).Error; err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if code, _, errOut := runProject(t, p, "init", "--dir", dir); code != exitOK {
			t.Fatalf("init: %s", errOut)
		}
		code, out, errOut := runProject(t, p, "baseline", "--dir", dir, "--database-url", url)
		if code != exitFail || out != "" {
			t.Fatalf("baseline exited %d, want 1 and nothing on stdout\n%s%s", code, out, errOut)
		}
		wantContains(t, "stderr", errOut, "the database differs from the models", "idx_baseline_books_shelf_id", "legacy_code")
		if files, _ := migdir.Scan(dir); len(files) != 0 {
			t.Errorf("baseline wrote %v although it refused", files)
		}
		if problems, _ := migdir.Verify(dir); len(problems) != 0 {
			t.Errorf("the directory changed: %v", problems)
		}
		if gdb.Migrator().HasTable("migrations") {
			t.Error("baseline created the bookkeeping table although it refused")
		}
	})
}

func TestBaselineRefusesAHistoryThatIsNotEmpty(t *testing.T) {
	t.Parallel()
	p := baselineProject()
	p.History = func() (*history.History, error) {
		return history.New(history.Migration{ID: "aaa111", Message: "first", Migrate: func(*gorm.DB) error { return nil }})
	}
	url := "sqlite:" + filepath.Join(t.TempDir(), "never.db")
	code, _, errOut := runProject(t, p, "baseline", "--dir", t.TempDir(), "--database-url", url)
	if code != exitFail || !strings.Contains(errOut, "the history already has migrations (head aaa111)") {
		t.Errorf("baseline over a compiled history: exit %d, stderr %q", code, errOut)
	}

	p.History = nil
	dir := t.TempDir()
	if code, _, errOut := runProject(t, p, "init", "--dir", dir); code != exitOK {
		t.Fatalf("init: %s", errOut)
	}
	if code, out, errOut := runProject(t, p, "revision", "-m", "by hand", "--dir", dir); code != exitOK {
		t.Fatalf("revision: %s%s", out, errOut)
	}
	code, _, errOut = runProject(t, p, "baseline", "--dir", dir, "--database-url", url)
	if code != exitFail || !strings.Contains(errOut, "which the program was not built with") {
		t.Errorf("baseline over a directory with a migration: exit %d, stderr %q", code, errOut)
	}
}
