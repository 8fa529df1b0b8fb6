package oracle

import (
	"context"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm/logger"
)

// recorder is a GORM logger that keeps the SQL of every statement traced
// and prints nothing. It is safe for concurrent use.
type recorder struct {
	mu  sync.Mutex
	sql []string
}

var _ logger.Interface = (*recorder)(nil)

func (r *recorder) LogMode(logger.LogLevel) logger.Interface { return r }
func (r *recorder) Info(context.Context, string, ...any)     {}
func (r *recorder) Warn(context.Context, string, ...any)     {}
func (r *recorder) Error(context.Context, string, ...any)    {}

// Trace records the statement GORM ran, whatever its outcome.
func (r *recorder) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	sql, _ := fc()
	r.mu.Lock()
	r.sql = append(r.sql, sql)
	r.mu.Unlock()
}

// writes returns the recorded statements that are not queries.
func (r *recorder) writes() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, s := range r.sql {
		if !isQuery(s) {
			out = append(out, s)
		}
	}
	return out
}

// isQuery reports whether sql only reads: SELECT, PRAGMA, SHOW or WITH.
func isQuery(sql string) bool {
	word, _, _ := strings.Cut(strings.TrimSpace(sql), " ")
	switch strings.ToUpper(word) {
	case "SELECT", "PRAGMA", "SHOW", "WITH":
		return true
	}
	return false
}
