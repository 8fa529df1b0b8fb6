package offline

import (
	"context"
	"database/sql"
	"errors"

	"gorm.io/gorm"
)

// errOffline is what the refusing pool answers: upgrade --sql must never
// reach a database.
var errOffline = errors.New("upgrade --sql connects to no database")

// refusingPool stands in for PostgreSQL connections in DryRun mode, where
// GORM builds statements without sending them. Transactions begin and end
// without doing anything; every call that would reach a server fails.
type refusingPool struct{}

func (refusingPool) PrepareContext(context.Context, string) (*sql.Stmt, error) {
	return nil, errOffline
}

func (refusingPool) ExecContext(context.Context, string, ...any) (sql.Result, error) {
	return nil, errOffline
}

func (refusingPool) QueryContext(context.Context, string, ...any) (*sql.Rows, error) {
	return nil, errOffline
}

// QueryRowContext panics (a nil *sql.Row), which Render reports as a step
// it cannot render; GORM does not call it in DryRun mode.
func (refusingPool) QueryRowContext(context.Context, string, ...any) *sql.Row { return nil }

func (refusingPool) BeginTx(context.Context, *sql.TxOptions) (gorm.ConnPool, error) {
	return &refusingTx{}, nil
}

// refusingTx is a transaction of refusingPool. It is a separate type because
// GORM takes a pool that can commit for a transaction already begun; GORM
// needs it to be a pointer.
type refusingTx struct{ refusingPool }

func (*refusingTx) Commit() error { return nil }

func (*refusingTx) Rollback() error { return nil }
