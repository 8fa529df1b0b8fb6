package lintrun

import (
	"context"
	"io"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/lint"
)

// Run lints ms (judging those judged returns true for), writes the
// findings to w as lint.WriteText does, and returns them; lint.ExitCode
// of the result is a command's exit status.
func Run(ctx context.Context, w io.Writer, ms []*history.Migration, judged func(id string) bool, opts Options) ([]lint.Finding, error) {
	lms, err := Migrations(ctx, ms, judged, opts)
	if err != nil {
		return nil, err
	}
	findings := lint.Check(lms, lint.Options{Together: opts.Together})
	if err := lint.WriteText(w, findings); err != nil {
		return nil, err
	}
	return findings, nil
}
