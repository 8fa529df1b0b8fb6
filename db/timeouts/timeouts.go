// Package timeouts carries the lock and statement timeouts of a migration
// run in a context: from the migrator, which sets them with SET LOCAL in
// each migration's transaction, to the code of a NoTransaction migration,
// which has no such transaction (package op's Apply sets them in each
// transaction it opens for a group of steps). It imports nothing of
// matardb; its values are immutable and safe for concurrent use.
package timeouts

import (
	"context"
	"time"
)

// Timeouts are PostgreSQL's lock_timeout and statement_timeout for the
// steps of a migration; 0 leaves the server's setting.
type Timeouts struct {
	Lock, Statement time.Duration
}

type key struct{}

// With returns ctx carrying t.
func With(ctx context.Context, t Timeouts) context.Context { return context.WithValue(ctx, key{}, t) }

// From returns the timeouts ctx carries, and whether it carries any.
func From(ctx context.Context) (Timeouts, bool) {
	t, ok := ctx.Value(key{}).(Timeouts)
	return t, ok
}
