package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// Finding 9: a deleted or emptied matardb.sum could not be repaired by
// hash. Both are an empty sum, which hash records again.
func TestHashRepairsADeletedOrEmptiedSumFile(t *testing.T) {
	t.Parallel()
	for _, damage := range []func(path string) error{
		os.Remove,
		func(path string) error { return os.WriteFile(path, nil, 0o644) },
	} {
		dir := copyMigrations(t)
		path := filepath.Join(dir, "matardb.sum")
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := damage(path); err != nil {
			t.Fatal(err)
		}
		wantExit(t, matardb(t, "check", "--dir", dir), exitFail)
		wantExit(t, matardb(t, "hash", "--dir", dir), exitOK)
		got, err := os.ReadFile(path)
		if err != nil || string(got) != string(want) {
			t.Fatalf("hash wrote %q (%v), want the sum file as it was", got, err)
		}
		wantExit(t, matardb(t, "check", "--dir", dir), exitOK)
	}
}
