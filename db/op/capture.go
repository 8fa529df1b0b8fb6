package op

import "context"

// captureKey carries the function Apply gives its operations to instead of
// running them.
type captureKey struct{}

// Capture returns a context under which Apply runs nothing: it hands each
// operation to record, in order, and returns nil. A tool that rebuilds the
// schema a history produces without a database (matardb check) runs each
// migration's Migrate on a connection with this context and applies the
// recorded operations to a schema in memory. Statements the migration's
// own Go code sends are not operations and are not recorded.
func Capture(ctx context.Context, record func(Op)) context.Context {
	return context.WithValue(ctx, captureKey{}, record)
}

// captured hands ops to the recorder of ctx, reporting false when ctx has
// none.
func captured(ctx context.Context, ops []Op) bool {
	record, ok := ctx.Value(captureKey{}).(func(Op))
	if !ok || record == nil {
		return false
	}
	for _, o := range ops {
		record(o)
	}
	return true
}
