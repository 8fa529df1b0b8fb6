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

// SourceChecksum returns the checksum, as a sum file spells it, of the
// migration file of fsys for id (named id_*.go), "" when there is not
// exactly one. The migrations package calls it on the sources built into
// the program, so that a migration carries the checksum of the code it
// runs.
func SourceChecksum(fsys fs.FS, id string) string {
	names, err := fs.Glob(fsys, id+"_*.go")
	if err != nil || len(names) != 1 {
		return ""
	}
	data, err := fs.ReadFile(fsys, names[0])
	if err != nil {
		return ""
	}
	return Hash(data)
}
