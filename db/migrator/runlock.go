package migrator

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"gorm.io/gorm"
)

// ErrLockLost is returned (wrapped) by Up, UpTo, Down and Stamp when the
// migration lock ended while the run held it: PostgreSQL ended the lock
// transaction (its backend was terminated, its connection dropped, an
// idle-in-transaction timeout). The run stops at once: the migration in
// progress is rolled back (even when the server reached its commit before
// the run noticed, see lockGuard), those committed before it stay applied,
// and the next run goes on from there.
var ErrLockLost = errors.New("lost the migration lock")

// heldLock is the migration lock as a run holds it.
type heldLock struct {
	// ctx is the run's context, cancelled with an ErrLockLost cause when
	// the lock is lost, so that whatever the run is doing stops.
	ctx context.Context
	// tx is the PostgreSQL lock transaction, nil on SQLite; mu serialises
	// its use between the heartbeat and peek.
	tx *gorm.DB
	mu *sync.Mutex
	// guard is the lock guard of tx (see lockGuard), which each migration's
	// commit message carries; "" when there is no lock transaction (SQLite).
	guard string
	// release ends the lock.
	release func()
}

// unlocked is the lock of a backend that needs none (SQLite).
func unlocked(ctx context.Context) *heldLock {
	return &heldLock{ctx: ctx, release: func() {}}
}

// stopped returns err, the outcome of the run, saying first that the run
// stopped because it lost the lock when it did.
func (l *heldLock) stopped(err error) error {
	cause := context.Cause(l.ctx)
	if err == nil || !errors.Is(cause, ErrLockLost) {
		return err
	}
	return fmt.Errorf("%w, so the run stopped and its current migration was rolled back: %w", cause, err)
}

// peek runs f on the lock transaction inside a savepoint that it then
// rolls back, so that what f read leaves no table lock on the lock
// transaction for the rest of the run (an ALTER of the bookkeeping table on
// the run's other connection would wait for it). It reports false, without
// calling f, when there is no lock transaction (SQLite), and false when f
// fails, leaving the caller to find out on its own connection.
func (l *heldLock) peek(ctx context.Context, f func(tx *gorm.DB) (bool, error)) (bool, error) {
	if l.tx == nil {
		return false, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	tx := l.tx.WithContext(ctx)
	if err := tx.Exec("SAVEPOINT matardb_peek").Error; err != nil {
		return false, fmt.Errorf("read the bookkeeping table under the migration lock: %w", err)
	}
	ok, ferr := f(tx)
	if err := tx.Exec("ROLLBACK TO SAVEPOINT matardb_peek").Error; err != nil {
		return false, fmt.Errorf("read the bookkeeping table under the migration lock: %w", err)
	}
	if ferr != nil {
		return false, nil
	}
	return ok, nil
}
