package models

import "embed"

// Sources holds the package's Go files as this program was built from
// them. A command that answers from its own build (the compiled history,
// the models' structs) compares them with the files on disk
// (migdir.Drift) and says to rebuild when they differ: go run rebuilds
// every time, an installed binary does not.
//
//go:embed *.go
var Sources embed.FS
