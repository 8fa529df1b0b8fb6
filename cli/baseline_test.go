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
// with the explicit types, table names and index names the autogenerator
// and AutoMigrate agree on for every dialect.
type (
	baselineShelf struct {
		ID        string    `gorm:"primaryKey;type:varchar(36)"`
		Title     string    `gorm:"type:varchar(120);not null;index:shelf_title_idx"`
		Rank      int       `gorm:"type:integer;not null;default:0"`
		Note      *string   `gorm:"type:varchar(200)"`
		CreatedAt time.Time `gorm:"type:timestamp"`
	}
	baselineBook struct {
		ID      string `gorm:"primaryKey;type:varchar(36)"`
		ShelfID string `gorm:"type:varchar(36);not null;index:book_shelf_id_idx"`
		ISBN    string `gorm:"type:varchar(13);not null;uniqueIndex:book_isbn_key"`
		Pages   *int   `gorm:"type:integer"`
		Lent    bool   `gorm:"type:boolean;not null;default:false"`
	}
)

func (baselineShelf) TableName() string { return "shelf" }
func (baselineBook) TableName() string  { return "book" }

func baselineProject() Project {
	return Project{Name: "appdb", Models: []any{&baselineShelf{}, &baselineBook{}}}
}

// autoMigrated returns the URL of a fresh database on which AutoMigrate
// built p's models.
func autoMigrated(t *testing.T, gdb *gorm.DB, url string, p Project) string {
	t.Helper()
	if err := gdb.AutoMigrate(p.Models...); err != nil {
		t.Fatal(err)
	}
	return url
}

// onBothAutoMigrated runs f with the URL and connection of a fresh
// PostgreSQL database and of a fresh SQLite file, each built by AutoMigrate
// from p's models.
func onBothAutoMigrated(t *testing.T, p Project, f func(t *testing.T, url string, gdb *gorm.DB)) {
	onBoth(t, func(t *testing.T, url string) {
		gdb := open(t, url)
		f(t, autoMigrated(t, gdb, url, p), gdb)
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
		if err := gdb.Exec(`DROP INDEX book_shelf_id_idx`).Error; err != nil {
			t.Fatal(err)
		}
		if err := gdb.Exec(`ALTER TABLE shelf ADD COLUMN legacy_code varchar(10)`).Error; err != nil {
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
		wantContains(t, "stderr", errOut, "the database differs from the models", "book_shelf_id_idx", "legacy_code")
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
