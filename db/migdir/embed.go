package migdir

import (
	"errors"
	"fmt"
	"io/fs"
)

// ChecksumsFS is Checksums over the sum file of fsys, the migrations
// package's embedded copy of its directory. A missing sum file is an empty
// one: a new history has no checksums yet, and a package that embeds its
// directory with a pattern that always matches (//go:embed *) keeps
// building before the file is written.
func ChecksumsFS(fsys fs.FS) (map[string]string, error) {
	data, err := fs.ReadFile(fsys, SumFile)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read embedded %s: %w", SumFile, err)
	}
	return Checksums(data)
}
