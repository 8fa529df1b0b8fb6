package migrator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// migrate applies the pending migrations up to the one at index last.
func (m *Migrator) migrate(ctx context.Context, last int) error {
	if done, err := m.upToDate(ctx, last); done || err != nil {
		return err
	}
	return m.underLock(ctx, m.appliedMeanwhile(last), func(ctx context.Context, conn *gorm.DB, l *heldLock) error {
		return m.migrateLocked(ctx, conn, l.guard, last)
	})
}

// upToDate is the fast path: no lock, and on PostgreSQL one statement when
// the stored digest is the history's (see digest.go), else the rows are
// read. It reports true when nothing is pending. A bookkeeping table that
// is missing or lacks matardb's columns, or a digest that no longer
// describes the rows, sends the caller to the slow path, which fixes it.
func (m *Migrator) upToDate(ctx context.Context, last int) (bool, error) {
	cfg := m.cfg
	if done, err := m.upToDateByDigest(ctx, last); done || err != nil {
		return done, err
	}
	recs, timedOut, err := readFast(ctx, m.gdb, cfg)
	if timedOut != nil {
		return false, timedOut
	}
	if err != nil {
		cfg.logger.DebugContext(ctx, "bookkeeping table not readable as expected, taking the migration lock", "error", err)
		return false, nil
	}
	p := makePlan(cfg.history, recs, last)
	if err := p.check(cfg.history, cfg.allowUnknown); err != nil {
		return false, withLeftovers(m.gdb.WithContext(ctx), m.d, err)
	}
	if len(p.pending) > 0 {
		return false, nil
	}
	if hasDigest(m.d) && !m.noDigest.Load() {
		// The stored digest must be the rows'. When they are the history's,
		// the first question already found it is not; otherwise (an edited
		// migration, an unknown row allowed) the server is asked again.
		rows, same := rowsDigest(recs).String(), false
		if rows != expectedFor(cfg.history, last, cfg.table).digest {
			var err error
			same, err = m.digestIs(ctx, m.gdb.Statement.ConnPool, digestCheckSQL(cfg.table, rows))
			same = same && err == nil
		}
		if !same {
			if mayWriteDigest(ctx, m.gdb, cfg.table) {
				cfg.logger.DebugContext(ctx, "the bookkeeping digest is missing or stale, taking the migration lock to rewrite it")
				return false, nil
			}
			m.noDigest.Store(true)
			cfg.logger.DebugContext(ctx, "the bookkeeping digest is missing or stale, and this role may not rewrite it "+
				"(it does not own the bookkeeping table or the digest's trigger function); up-to-date checks read the rows")
		}
	}
	warnModified(ctx, cfg, p)
	cfg.logger.InfoContext(ctx, "the database is up to date", "at", orBase(current(cfg.history, recs)))
	return true, nil
}

// upToDateByDigest asks whether the stored digest (PostgreSQL) is the
// history's up to last, bounded as the rows' read is, and reports done,
// logging so, when it is.
func (m *Migrator) upToDateByDigest(ctx context.Context, last int) (done bool, timedOut error) {
	if !hasDigest(m.d) {
		return false, nil
	}
	if same, err := m.digestIs(ctx, m.gdb.Statement.ConnPool, expectedFor(m.cfg.history, last, m.cfg.table).check); !same || err != nil {
		return false, err
	}
	at := ""
	if last >= 0 {
		at = m.cfg.history.At(last).ID
	}
	m.cfg.logger.InfoContext(ctx, "the database is up to date", "at", orBase(at))
	return true, nil
}

// digestIs asks check (see digestCheckSQL) on pool, bounded as the rows'
// read is (on a pool of pgx's driver, without a timer: see countOnPgx).
// Only a timeout is returned as an error: any other failure (no marker)
// means no.
func (m *Migrator) digestIs(ctx context.Context, pool gorm.ConnPool, check string) (bool, error) {
	if db, ok := pool.(*sql.DB); ok {
		n, expired, err := countOnPgx(ctx, db, check, m.cfg.lockWait)
		if !errors.Is(err, errNotPgx) {
			timedOut := readTimeout(ctx, m.cfg, err, expired)
			return err == nil && n == 1, timedOut
		}
	}
	var same bool
	timedOut, _ := bounded(ctx, m.cfg, func(rctx context.Context) error {
		var err error
		same, err = digestIs(rctx, pool, check)
		return err
	})
	return same && timedOut == nil, timedOut
}

// underLock runs f on one connection of the pool (a session whose
// statements share no state with others) while the process holds the
// migration lock (on PostgreSQL, in a transaction of its own on another
// connection; see xactLock), prepared for migrations (on PostgreSQL, with the run's
// timeouts set) and with a complete bookkeeping table; it undoes the
// preparation before releasing the lock. f gets l, the held lock, whose
// guard (see lockGuard) each migration's commit message must carry; f's
// context ends when the lock is lost (ErrLockLost). When done (nil for
// none) reports, on the lock's own connection, that there is nothing left
// to do, the run ends there: a process that waited for another's run never
// opens a second connection.
func (m *Migrator) underLock(ctx context.Context, done func(context.Context, *heldLock) (bool, error),
	f func(ctx context.Context, conn *gorm.DB, l *heldLock) error) error {
	d, cfg := m.d, m.cfg
	l, err := d.lock(ctx, m.gdb.WithContext(ctx), cfg)
	if err != nil {
		return namedWait(err)
	}
	defer l.release()
	ctx = l.ctx
	if done != nil {
		if ok, err := done(ctx, l); ok || err != nil {
			return l.stopped(err)
		}
	}
	return l.stopped(namedWait(m.gdb.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		conn = conn.Session(&gorm.Session{NewDB: true, Context: ctx})
		restore, err := d.prepare(ctx, conn, cfg)
		if err != nil {
			return err
		}
		defer restore()
		if err := ensureTableBounded(ctx, conn, d, cfg); err != nil {
			return err
		}
		if err := f(ctx, conn, l); err != nil {
			return err
		}
		m.storeDigest(ctx, conn)
		return nil
	})))
}

// migrateLocked is the slow path, run on conn under the migration lock;
// guard is as runAll's.
func (m *Migrator) migrateLocked(ctx context.Context, conn *gorm.DB, guard string, last int) error {
	cfg := m.cfg
	recs, err := readLocked(ctx, conn, cfg)
	if err != nil {
		return err
	}
	p, err := checkedPlan(ctx, cfg, recs, last)
	if err != nil || len(p.pending) == 0 {
		return err
	}
	cfg.logger.InfoContext(ctx, "migrating", "pending", len(p.pending),
		"from", orBase(current(cfg.history, recs)), "to", p.pending[len(p.pending)-1].ID)
	return applyAll(ctx, conn, m.d, cfg, guard, p.pending)
}

// checkedPlan is the plan up to the one at index last given recs, read
// under the migration lock, after checking it; it logs that the database
// is up to date when nothing is pending.
func checkedPlan(ctx context.Context, cfg *config, recs map[string]*record, last int) (*plan, error) {
	p := makePlan(cfg.history, recs, last)
	if err := p.check(cfg.history, cfg.allowUnknown); err != nil {
		return nil, err
	}
	warnModified(ctx, cfg, p)
	if len(p.pending) == 0 {
		cfg.logger.InfoContext(ctx, "the database is up to date: another process applied the pending migrations",
			"at", orBase(current(cfg.history, recs)))
	}
	return p, nil
}

// applyAll applies ms in order, stopping at the first failure; guard is as
// runAll's.
func applyAll(ctx context.Context, conn *gorm.DB, d backend, cfg *config, guard string, ms []*history.Migration) error {
	return runAll(ctx, conn, d, cfg, guard, up, ms, func(m *history.Migration, done []string, err error) error {
		return &PartialError{Applied: done, Failed: m.ID, Message: m.Message, Err: namedTimeout(cfg, err)}
	})
}

// runAll takes each of ms one step in dir, in order, in the chained
// transaction when d chains, stopping at the first failure, which fail
// describes given the IDs done before it. guard is the lock guard of the
// held lock (heldLock.guard, "" for none), which each step's commit
// message carries.
func runAll(ctx context.Context, conn *gorm.DB, d backend, cfg *config, guard string, dir direction, ms []*history.Migration,
	fail func(m *history.Migration, done []string, err error) error) error {
	c := newChain(d, cfg, guard)
	defer c.close(false)
	var done []string
	for _, m := range ms {
		ran, err := run(ctx, conn, d, cfg, dir, m, c)
		if err != nil {
			return fail(m, done, err)
		}
		if ran {
			done = append(done, m.ID)
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
		return Base
	}
	return id
}

func warnModified(ctx context.Context, cfg *config, p *plan) {
	for _, m := range p.modified {
		cfg.logger.WarnContext(ctx, "an applied migration's source changed since it was applied; "+
			"edit a new migration instead of an applied one", "id", m.ID, "message", m.Message)
	}
}
