package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matar-app/matardb/internal/testdb"
)

// The example migrates a fresh database with its own history, then writes
// and reads through its GORM models: the IDs come back from Create, the
// join table links the tags, and a second run adds a post by the same
// author.
func TestTheExampleMigratesAndRunsTwiceOnBothDatabases(t *testing.T) {
	t.Parallel()
	for name, url := range map[string]string{
		"postgres": testdb.PostgresURL(t),
		"sqlite":   "sqlite:" + filepath.Join(t.TempDir(), "gormapp.db"),
	} {
		t.Run(name, func(t *testing.T) {
			var first, second bytes.Buffer
			if err := run(context.Background(), url, &first); err != nil {
				t.Fatal(err)
			}
			if err := run(context.Background(), url, &second); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(first.String(), "published post 1 by user 1 with 2 tags\n") {
				t.Errorf("first run printed\n%s", &first)
			}
			if !strings.HasPrefix(second.String(), "published post 2 by user 1 with 2 tags\n") ||
				strings.Count(second.String(), `"Hello, GORM" by Asha [intro gorm]`) != 2 {
				t.Errorf("second run printed\n%s\nwant post 2 by the same user, and both posts with their tags", &second)
			}
		})
	}
}
