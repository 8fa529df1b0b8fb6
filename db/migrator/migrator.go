package migrator

import (
	"context"
	"sync/atomic"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// Migrator runs one history of migrations against one database. New checks
// everything that does not need the database (the connection's dialect, the
// history, the options) once; each method then takes a context and, for
// those that move the database, its target.
//
// A Migrator is safe for concurrent use, and any number of processes may
// run one against the same database at the same time: Up, UpTo, Down and
// Stamp serialise on the migration lock.
type Migrator struct {
	gdb *gorm.DB
	d   backend
	cfg *config
	// noDigest is set once writing the digest failed (a role that may not
	// create the trigger): the up-to-date check then stops taking the lock
	// to rewrite it.
	noDigest atomic.Bool
}

// New returns a Migrator running h against gdb (PostgreSQL or SQLite,
// else ErrUnsupportedDialect). It reads nothing from the database.
func New(gdb *gorm.DB, h *history.History, opts ...Option) (*Migrator, error) {
	d, err := backendOf(gdb)
	if err != nil {
		return nil, err
	}
	cfg, err := newConfig(h, opts)
	if err != nil {
		return nil, err
	}
	return &Migrator{gdb: gdb, d: d, cfg: cfg}, nil
}

// History returns the history the Migrator runs.
func (m *Migrator) History() *history.History { return m.cfg.history }

// Up applies every pending migration of the history, up to its head. See
// UpTo.
func (m *Migrator) Up(ctx context.Context) error {
	return m.migrate(ctx, m.cfg.history.Len()-1)
}

// UpTo applies the pending migrations of the history up to and including
// target, each in its own transaction. target is a migration ID, a prefix
// of exactly one ID, Head, or "+N": N migrations after the last applied
// one (ErrUnknownTarget for anything else, or +N beyond the head). Every replica of an application may call it at startup
// at the same time: each migration is applied once.
//
// An up-to-date database costs one query and takes no lock (on PostgreSQL
// a comparison with the digest of the bookkeeping rows kept beside the
// table, see digest.go; on SQLite, or when that digest is missing or
// stale, the rows), so replicas that start after the schema is up to date
// never wait for one that is migrating. Otherwise it takes the migration
// lock (PostgreSQL: a second connection holds it), pins one connection, creates or upgrades the
// bookkeeping table (adopting an Alembic database, see below), reads it
// again and applies what is still pending.
//
// It logs at Info one line saying the database is up to date (also when
// another process applied the pending migrations while this one waited for
// the lock), or one when a run starts with N pending; then one line as each
// migration starts, a "still running" line every WithProgressInterval
// while it runs, and one when it is applied, with its duration.
//
// A database Alembic built (alembic_version at a revision whose ID is a
// migration of the history, no bookkeeping table yet) has the migrations
// up to that revision recorded as adopted instead of run: a history ports
// an Alembic revision by giving its migration the revision's ID.
//
// Errors: *PartialError when a migration fails (its changes rolled back,
// the earlier ones of the run kept); ErrUnknownApplied when the database
// has migrations the history does not contain (unless AllowUnknownApplied);
// ErrLockTimeout; ErrLockLost when the lock ended during the run (the
// migration in progress rolled back); ErrReadTimeout when the bookkeeping
// table could not be read within the lock wait; *FailedMigrationError
// (ErrFailedMigration) after a NoTransaction migration failed;
// ErrUnknownAlembicRevision; ErrUnknownTarget.
func (m *Migrator) UpTo(ctx context.Context, target string) error {
	last, err := m.upTarget(ctx, target)
	if err != nil {
		return err
	}
	return m.migrate(ctx, last)
}
