package dbtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/history"
)

// images holds, per history key, the bytes of a SQLite file at its head.
var images onceMap[[]byte]

// newSQLite writes the migrated image of h to a file in t's temporary
// directory and opens it.
func newSQLite(t testing.TB, h *history.History, cfg *config) (*gorm.DB, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	image, err := images.do(Key(h, cfg.key), func() ([]byte, error) { return buildImage(ctx, h, cfg) })
	if err != nil {
		return nil, err
	}
	path := filepath.Join(t.TempDir(), "test.db")
	if err := os.WriteFile(path, image, 0o600); err != nil {
		return nil, fmt.Errorf("write SQLite file %s: %w", path, err)
	}
	gdb, err := connect.Open(ctx, "sqlite:"+path)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { closeDB(gdb) })
	return gdb, nil
}

// buildImage migrates a new SQLite file to the head of h and returns its
// bytes, its write-ahead log checkpointed into it.
func buildImage(ctx context.Context, h *history.History, cfg *config) ([]byte, error) {
	dir, err := os.MkdirTemp("", "dbtest-")
	if err != nil {
		return nil, fmt.Errorf("make a directory for the SQLite image: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "image.db")
	gdb, err := connect.Open(ctx, "sqlite:"+path)
	if err != nil {
		return nil, err
	}
	err = migrate(ctx, gdb, h, cfg)
	if err == nil {
		err = gdb.WithContext(ctx).Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error
	}
	closeDB(gdb)
	if err != nil {
		return nil, fmt.Errorf("build the SQLite image of %s: %w", h.Head(), err)
	}
	image, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the SQLite image of %s: %w", h.Head(), err)
	}
	return image, nil
}
