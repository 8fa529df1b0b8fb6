// Package runlog carries a migration run's logger in a context: from the
// migrator (its WithLogger option) to the operations a migration applies
// (package op's FillInBatches logs its progress there), the way package
// timeouts carries the run's timeouts. It imports nothing of matardb.
package runlog

import (
	"context"
	"log/slog"
)

type key struct{}

// With returns ctx carrying l.
func With(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, key{}, l)
}

// From returns the logger ctx carries, slog's default logger when it
// carries none (a migration function run outside the migrator).
func From(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(key{}).(*slog.Logger); ok && l != nil {
		return l
	}
	return slog.Default()
}
