package db

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// Migrate applies the pending migrations of the history, each in its own
// transaction, up to the head (or WithTarget). Every replica of the backend
// may call it at startup at the same time: each migration is applied once.
//
// An up-to-date database costs one query (reading the bookkeeping table)
// and takes no lock, so replicas that start after the schema is up to date
// never wait for one that is migrating. Otherwise Migrate pins one
// connection, takes the migration lock (PostgreSQL), creates or upgrades
// the bookkeeping table (adopting an Alembic database, see below), reads it
// again and applies what is still pending.
//
// It logs at Info one line saying the database is up to date (also when
// another process applied the pending migrations while this one waited for
// the lock), or one when a run starts with N pending; then one line as each
// migration starts, a "still running" line every WithProgressInterval (5
// seconds) while it runs, and one when it is applied, with its duration.
//
// A database Alembic built (alembic_version at a revision of the history,
// no bookkeeping table yet) has the migrations up to that revision recorded
// as adopted instead of run.
//
// Errors: *PartialError when a migration fails (its changes rolled back,
// the earlier ones of the run kept); ErrUnknownApplied when the database
// has migrations the history does not contain (unless AllowUnknownApplied);
// ErrLockTimeout; ErrFailedMigration after a NoTransaction migration
// failed; ErrUnknownAlembicRevision; ErrUnknownTarget.
func Migrate(ctx context.Context, gdb *gorm.DB, opts ...Option) error {
	cfg, d, err := setup(gdb, opts)
	if err != nil {
		return err
	}
	if done, err := upToDate(ctx, gdb, cfg); done || err != nil {
		return err
	}
	return underLock(ctx, gdb, d, cfg, func(conn *gorm.DB) error {
		return migrateLocked(ctx, conn, d, cfg)
	})
}

// upToDate is the fast path: one query, no lock. It reports true when
// nothing is pending. A bookkeeping table that is missing or lacks
// matardb's columns sends the caller to the slow path, which fixes it.
func upToDate(ctx context.Context, gdb *gorm.DB, cfg *config) (bool, error) {
	recs, timedOut, err := readFast(ctx, gdb, cfg)
	if timedOut != nil {
		return false, timedOut
	}
	if err != nil {
		cfg.logger.DebugContext(ctx, "bookkeeping table not readable as expected, taking the migration lock", "error", err)
		return false, nil
	}
	p := makePlan(cfg.history, recs, cfg.last)
	if err := p.check(cfg.history, cfg.allowUnknown); err != nil {
		return false, err
	}
	if len(p.pending) > 0 {
		return false, nil
	}
	warnModified(ctx, cfg, p)
	cfg.logger.InfoContext(ctx, "the database is up to date", "at", orBase(current(cfg.history, recs)))
	return true, nil
}

// setup reads the options and gdb's dialect: the start of every call.
func setup(gdb *gorm.DB, opts []Option) (*config, backend, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, nil, err
	}
	d, err := backendOf(gdb)
	return cfg, d, err
}

// underLock runs f on one connection of gdb's pool (a session whose
// statements share no state with others) while the process holds the
// migration lock (on PostgreSQL, in a transaction of its own on another
// connection; see xactLock), prepared for migrations (on PostgreSQL, with the run's
// timeouts set) and with a complete bookkeeping table; it undoes the
// preparation before releasing the lock.
func underLock(ctx context.Context, gdb *gorm.DB, d backend, cfg *config, f func(conn *gorm.DB) error) error {
	release, err := d.lock(ctx, gdb.WithContext(ctx), cfg)
	if err != nil {
		return err
	}
	defer release()
	return gdb.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		conn = conn.Session(&gorm.Session{NewDB: true, Context: ctx})
		restore, err := d.prepare(ctx, conn, cfg)
		if err != nil {
			return err
		}
		defer restore()
		if err := ensureTable(ctx, conn, d, cfg); err != nil {
			return err
		}
		return f(conn)
	})
}

// migrateLocked is the slow path, run on conn under the migration lock.
func migrateLocked(ctx context.Context, conn *gorm.DB, d backend, cfg *config) error {
	recs, err := readRecords(ctx, conn, columnNames())
	if err != nil {
		return err
	}
	p := makePlan(cfg.history, recs, cfg.last)
	if err := p.check(cfg.history, cfg.allowUnknown); err != nil {
		return err
	}
	warnModified(ctx, cfg, p)
	if len(p.pending) == 0 {
		cfg.logger.InfoContext(ctx, "the database is up to date: another process applied the pending migrations",
			"at", orBase(current(cfg.history, recs)))
		return nil
	}
	cfg.logger.InfoContext(ctx, "migrating", "pending", len(p.pending),
		"from", orBase(current(cfg.history, recs)), "to", p.pending[len(p.pending)-1].ID)
	return applyAll(ctx, conn, d, cfg, p.pending)
}

// applyAll applies ms in order, stopping at the first failure.
func applyAll(ctx context.Context, conn *gorm.DB, d backend, cfg *config, ms []*history.Migration) error {
	var c *chain
	if d.chains() {
		c = &chain{local: localSettings(cfg)}
		defer c.close(false)
	}
	var applied []string
	for _, m := range ms {
		ran, err := apply(ctx, conn, d, cfg, m, c)
		if err != nil {
			return &PartialError{Applied: applied, Failed: m.ID, Message: m.Message, Err: err}
		}
		if ran {
			applied = append(applied, m.ID)
		}
	}
	if err := c.close(true); err != nil {
		return fmt.Errorf("end the last migration transaction: %w", err)
	}
	return nil
}

// current returns the last migration of h that recs record as done, "" for none.
func current(h *history.History, recs map[string]*record) string {
	for i := h.Len() - 1; i >= 0; i-- {
		if r, ok := recs[h.At(i).ID]; ok && r.State.done() {
			return r.ID
		}
	}
	return ""
}

func orBase(id string) string {
	if id == "" {
		return "base"
	}
	return id
}

func warnModified(ctx context.Context, cfg *config, p *plan) {
	for _, m := range p.modified {
		cfg.logger.WarnContext(ctx, "an applied migration's source changed since it was applied; "+
			"edit a new migration instead of an applied one", "id", m.ID, "message", m.Message)
	}
}
