package connect

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// Finding 11: sqlite:/missing/dir/x.db and sqlite:///data/x.db both said
// "out of memory (14)", and read-only commands created an empty database.
func TestSQLiteURLErrorsNameTheResolvedPathAndTheMissingDirectory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Chdir(dir)
	missing := filepath.Join(dir, "missing", "dir")
	_, err := Open(ctx, "sqlite:"+missing+"/x.db")
	if !errors.Is(err, ErrNoDirectory) || !strings.Contains(err.Error(), "directory "+missing+" ") {
		t.Fatalf("a missing directory: err = %v, want ErrNoDirectory naming %s", err, missing)
	}
	// Three slashes are relative, as in SQLAlchemy: ./data does not exist here.
	_, err = Open(ctx, "sqlite:///data/x.db")
	for _, want := range []string{filepath.Join(dir, "data"), "sqlite:////data/x.db", "relative to the working directory"} {
		if !errors.Is(err, ErrNoDirectory) || !strings.Contains(err.Error(), want) {
			t.Fatalf("sqlite:///data/x.db: err = %v, want ErrNoDirectory containing %q", err, want)
		}
	}
	abs := filepath.Join(dir, "abs.db")
	gdb, err := Open(ctx, "sqlite:///"+abs) // four slashes: absolute
	if err != nil {
		t.Fatal(err)
	}
	closeDB(t, gdb)
	if _, err := os.Stat(abs); err != nil {
		t.Fatalf("sqlite:////%s did not open the absolute path: %v", abs, err)
	}
	gdb, err = Open(ctx, "sqlite:///rel.db")
	if err != nil {
		t.Fatal(err)
	}
	closeDB(t, gdb)
	if _, err := os.Stat(filepath.Join(dir, "rel.db")); err != nil {
		t.Fatalf("sqlite:///rel.db did not open rel.db in the working directory: %v", err)
	}
}

func TestReadOnlyNeverCreatesADatabaseFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "matar.db")
	_, err := Open(ctx, "sqlite:"+path, ReadOnly())
	if !errors.Is(err, ErrNoDatabase) || !strings.Contains(err.Error(), path) {
		t.Fatalf("read-only on a missing file: err = %v, want ErrNoDatabase naming %s", err, path)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the read-only open created %s (%v)", path, err)
	}
	gdb, err := Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	closeDB(t, gdb)
	gdb, err = Open(ctx, "sqlite:"+path, ReadOnly())
	if err != nil {
		t.Fatalf("read-only on an existing file: %v", err)
	}
	closeDB(t, gdb)
}

func closeDB(t *testing.T, gdb *gorm.DB) {
	t.Helper()
	sqlDB, err := gdb.DB()
	if err != nil {
		t.Fatal(err)
	}
	sqlDB.Close()
}
