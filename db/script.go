package db

import (
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
)

// ErrUnknownTarget is migrator.ErrUnknownTarget: a target that is not a
// migration of the history (nor base, nor -N within range).
var ErrUnknownTarget = migrator.ErrUnknownTarget

// ScriptTableSQL is migrator.ScriptTableSQL: the statement an offline SQL
// script starts with, creating the bookkeeping table when missing.
func ScriptTableSQL() string { return migrator.ScriptTableSQL() }

// ScriptRecordSQL is migrator.ScriptRecordSQL: the statement an offline SQL
// script for d records m with, applied_at from the server's clock.
func ScriptRecordSQL(d dialect.Dialect, m *history.Migration) string {
	return migrator.ScriptRecordSQL(d, m)
}
