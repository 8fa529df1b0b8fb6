package migrations

import "io/fs"

// Sources holds the package's files as this program was built from them
// (its embedded directory). A command that answers from its own build
// compares its Go files with those on disk (migdir.Drift) and says to
// rebuild when they differ: go run rebuilds every time, an installed
// binary does not.
var Sources fs.FS = files
