package gormschema

import (
	"context"
	"sync/atomic"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// GORM's schema parser reports a model it cannot parse (and a hook of
// the wrong signature) to logger.Default, the package variable, not to
// the gorm.Config's Logger, and then returns the same error. Read returns
// that error itself, naming the model, so the log line is noise on the
// caller's stdout. The parser gives no other way to silence it, and
// swapping logger.Default around each parse would race with the
// application's own GORM use; so logger.Default is wrapped once, at
// initialization (before any goroutine of the program can read it), in a
// logger that drops Info, Warn and Error messages while a Read is
// parsing and passes everything else to the logger it wraps. Trace (SQL
// statements, their errors and slow queries) is the wrapped logger's own
// method, promoted, so the file and line GORM prints for a statement stay
// the application's; the other messages name this file instead. An
// application that assigns logger.Default after this package initializes
// replaces the wrapper and sees GORM's parse messages again.
func init() {
	logger.Default = quietable{logger.Default}
}

// parsing counts the Reads that are parsing models.
var parsing atomic.Int64

// quietable is a logger.Interface that drops messages while a Read parses.
type quietable struct{ logger.Interface }

func (q quietable) LogMode(l logger.LogLevel) logger.Interface {
	return quietable{q.Interface.LogMode(l)}
}

func (q quietable) Info(ctx context.Context, msg string, data ...any) {
	if parsing.Load() == 0 {
		q.Interface.Info(ctx, msg, data...)
	}
}

func (q quietable) Warn(ctx context.Context, msg string, data ...any) {
	if parsing.Load() == 0 {
		q.Interface.Warn(ctx, msg, data...)
	}
}

func (q quietable) Error(ctx context.Context, msg string, data ...any) {
	if parsing.Load() == 0 {
		q.Interface.Error(ctx, msg, data...)
	}
}

// ParamsFilter keeps the wrapped logger's filter (GORM looks for it on
// the logger it holds).
func (q quietable) ParamsFilter(ctx context.Context, sql string, params ...any) (string, []any) {
	if f, ok := q.Interface.(gorm.ParamsFilter); ok {
		return f.ParamsFilter(ctx, sql, params...)
	}
	return sql, params
}
