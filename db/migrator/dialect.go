package migrator

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
)

// backend holds what differs between PostgreSQL and SQLite in a run. Its
// methods take the pinned connection (conn) or a migration's transaction (tx).
type backend interface {
	// lock takes the migration lock, on a connection of gdb's pool that the
	// run does not use otherwise, waiting at most cfg.lockWait, and returns
	// it held: the run's context (cancelled if the lock is lost) and the
	// function that releases it.
	lock(ctx context.Context, gdb *gorm.DB, cfg *config) (*heldLock, error)
	// prepare readies conn for running migrations and returns the function
	// that restores it.
	prepare(ctx context.Context, conn *gorm.DB, cfg *config) (restore func(), err error)
	// recheck reports, inside a migration's transaction, whether id's row
	// exists. Under PostgreSQL's lock nobody else writes, so it returns
	// assumed (what the run read) without asking; SQLite reads the row.
	recheck(tx *gorm.DB, table, id string, assumed bool) (exists bool, err error)
	// verify runs last in each migration's transaction, and after a
	// NoTransaction migration's step, before it is recorded.
	verify(tx *gorm.DB) error
	// chains reports whether consecutive migrations share one transaction,
	// each committed with COMMIT AND CHAIN (see chain).
	chains() bool
	// columns lists the columns of table, none when it does not exist.
	columns(db *gorm.DB, table string) ([]string, error)
	// leftovers describes what a failed migration outside a transaction may
	// have left behind (INVALID indexes), "" when nothing is known.
	leftovers(db *gorm.DB) string
}

func backendOf(gdb *gorm.DB) (backend, error) {
	if gdb == nil || gdb.Dialector == nil {
		return nil, fmt.Errorf("%w: the *gorm.DB is nil; open one first (connect.Open)", ErrUnsupportedDialect)
	}
	name := gdb.Dialector.Name()
	d, err := dialect.Parse(name)
	if err != nil {
		return nil, fmt.Errorf("%w %q: matardb supports postgres and sqlite", ErrUnsupportedDialect, name)
	}
	switch d {
	case dialect.Postgres:
		return postgresDialect{}, nil
	case dialect.SQLite:
		return sqliteDialect{}, nil
	}
	return nil, fmt.Errorf("%w %q", ErrUnsupportedDialect, name)
}
