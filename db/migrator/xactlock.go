package migrator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"gorm.io/gorm"
)

// The migration lock on PostgreSQL is a transaction-scoped advisory lock
// (pg_advisory_xact_lock on AdvisoryLockKey) held by a transaction of its
// own, the lock transaction, on a second connection of the pool, open for
// the whole run while the migrations run on the first. Nothing of it is
// session state: it ends with its transaction, so a transaction-mode
// pooler (which pins a server connection to a client only for the length
// of a transaction) can neither strand it on a server connection nobody
// owns nor hand it to another client. A process that dies ends its
// transaction at once (its connection closes, and a pooler closes a server
// connection whose client left inside a transaction); a process that stops
// answering loses it after lockLease.
const (
	// lockLease is the idle_in_transaction_session_timeout of the lock
	// transaction: PostgreSQL ends it, releasing the lock, when its holder
	// has sent nothing for that long.
	lockLease = 10 * time.Second
	// lockHeartbeat is how often the holder shows it is alive on the lock
	// transaction.
	lockHeartbeat = 2 * time.Second
	// lockRelease bounds ending the lock transaction: past it the
	// connection is closed, which ends the transaction on the server.
	lockRelease = 5 * time.Second
)

// lockOwner names this process in the lock transaction's application_name,
// which the error of a process that timed out waiting shows.
func lockOwner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("matardb migrate %s pid %d", host, os.Getpid())
}

// xactLock takes the migration lock in a new transaction of gdb's pool,
// polling with pg_try_advisory_xact_lock (each failed attempt ends its
// transaction, so a waiter holds no pooled server connection between
// attempts) until cfg.lockWait has passed or ctx ends. The lock's release
// function ends the lock transaction.
func xactLock(ctx context.Context, gdb *gorm.DB, cfg *config) (*heldLock, error) {
	if err := needTwoConns(gdb); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(cfg.lockWait)
	for pause := lockPollMin; ; pause = min(2*pause, lockPollMax) {
		tx, vxid, end, err := boundedTryXactLock(ctx, gdb, time.Until(deadline))
		if err != nil {
			return nil, err
		}
		if tx != nil {
			return holdXactLock(ctx, tx, end, vxid, cfg.logger), nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, xactLockTimeoutError(ctx, gdb, cfg.lockWait)
		}
		if err := sleep(ctx, min(jitter(pause), left)); err != nil {
			return nil, fmt.Errorf("wait for the migration lock: %w", err)
		}
	}
}

// needTwoConns fails when gdb's pool cannot open a connection besides the
// lock transaction's: the run would wait for itself.
func needTwoConns(gdb *gorm.DB) error {
	sqlDB, err := gdb.DB()
	if err != nil {
		return fmt.Errorf("take the migration lock: %w", err)
	}
	if sqlDB.Stats().MaxOpenConnections == 1 {
		return errors.New("take the migration lock: the pool is capped at one connection, and a PostgreSQL run needs two " +
			"(one holds the lock's transaction, one runs the migrations); allow two (connect.WithMaxOpenConns(2))")
	}
	return nil
}

// tryXactLock begins a transaction that names its owner, lets PostgreSQL
// end it after lockLease of silence, and tries the lock. It returns the
// transaction and its virtual transaction ID (which the migrations' lock
// guard checks, see lockGuard) when the lock is taken, nil (the
// transaction rolled back) when another holds it.
func tryXactLock(ctx context.Context, gdb *gorm.DB) (*gorm.DB, string, error) {
	tx := gdb.WithContext(ctx).Begin()
	if tx.Error != nil {
		return nil, "", fmt.Errorf("begin the migration lock's transaction: %w", tx.Error)
	}
	var got bool
	var vxid string
	err := tx.Raw(`SELECT set_config('application_name', ?, true), set_config('idle_in_transaction_session_timeout', ?, true),
		pg_try_advisory_xact_lock(?), (SELECT virtualtransaction FROM pg_catalog.pg_locks
		WHERE locktype = 'virtualxid' AND pid = pg_backend_pid() AND virtualxid = virtualtransaction)`,
		lockOwner(), fmt.Sprintf("%dms", lockLease.Milliseconds()), AdvisoryLockKey).
		Row().Scan(new(string), new(string), &got, &vxid)
	if err != nil || !got {
		tx.Rollback()
	}
	if err != nil {
		return nil, "", fmt.Errorf("take the migration lock: %w", err)
	}
	if !got {
		return nil, "", nil
	}
	// In pgx's extended-protocol modes the query leaves an unnamed portal
	// open in the transaction, holding a snapshot that CREATE INDEX
	// CONCURRENTLY would wait for until the run ends; a statement without
	// parameters goes by the simple protocol, which closes it.
	if err := tx.Exec("SELECT 1").Error; err != nil {
		tx.Rollback()
		return nil, "", fmt.Errorf("take the migration lock: %w", err)
	}
	return tx, vxid, nil
}

// holdXactLock keeps tx alive with a statement every lockHeartbeat until
// the lock is released. A heartbeat that fails, or gets no answer within
// lockLease (after which the server ends the transaction anyway), means
// the lock is lost: it cancels the lock's context with an ErrLockLost
// cause, which stops the run and rolls back its migration. end cancels
// tx's own context, which interrupts a release the server does not answer.
// The lock's guard is that of tx, whose virtual transaction ID is vxid
// (see lockGuard).
func holdXactLock(ctx context.Context, tx *gorm.DB, end context.CancelFunc, vxid string, log *slog.Logger) *heldLock {
	runCtx, lose := context.WithCancelCause(ctx)
	l := &heldLock{ctx: runCtx, tx: tx, mu: &sync.Mutex{}, guard: lockGuard(vxid)}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(lockHeartbeat)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-runCtx.Done():
				return
			case <-t.C:
				if err := l.heartbeat(ctx); err != nil {
					log.ErrorContext(ctx, "lost the migration lock: its transaction ended; stopping the run", "error", err)
					lose(fmt.Errorf("%w (its transaction ended or did not answer within %v: %w)", ErrLockLost, lockLease, err))
					return
				}
			}
		}
	})
	l.release = func() {
		close(stop)
		wg.Wait()
		lose(nil)
		interrupt := time.AfterFunc(lockRelease, end)
		tx.Rollback()
		interrupt.Stop()
		end()
	}
	return l
}

// heartbeat shows the server that the lock's holder is alive.
// It waits at most lockLease for the answer.
func (l *heldLock) heartbeat(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, lockLease)
	defer cancel()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tx.WithContext(ctx).Exec("SELECT 1").Error
}

// xactLockTimeoutError names the holder of the lock, its age and whether
// it is alive, when PostgreSQL lets this role see them.
func xactLockTimeoutError(ctx context.Context, gdb *gorm.DB, wait time.Duration) error {
	h, err := lockHolder(ctx, gdb)
	if err != nil || h == nil {
		return fmt.Errorf("%w after %v: another process held it (it has just released it, or this role may not see it); "+
			"it is probably migrating, so retry when it is done", ErrLockTimeout, wait)
	}
	return fmt.Errorf("%w after %v: %s; if it is stuck, end it with SELECT pg_terminate_backend(%d) (its migration rolls back)",
		ErrLockTimeout, wait, h, h.pid)
}
