package migrator

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"gorm.io/gorm"
)

// AdvisoryLockKey is the PostgreSQL advisory lock a migration run holds
// (the bytes "matardb!"). Advisory locks are per database, so runs against
// different databases of one server do not wait for each other. To see who
// holds it: SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND
// classid = 1835103329 AND objid = 1919181345 AND database = (SELECT oid
// FROM pg_database WHERE datname = current_database()).
const AdvisoryLockKey int64 = 7881708784754909729

// Sleeps between attempts to take the lock: from lockPollMin, doubling up
// to lockPollMax, each with ±50% jitter so waiting replicas spread out.
const (
	lockPollMin = 25 * time.Millisecond
	lockPollMax = time.Second
)

// advisoryLock takes the session advisory lock on conn, retrying with
// pg_try_advisory_lock until wait has passed or ctx ends. The release
// function unlocks on the same connection, even when ctx has ended.
func advisoryLock(ctx context.Context, conn *gorm.DB, wait time.Duration, log *slog.Logger) (func(), error) {
	deadline := time.Now().Add(wait)
	for pause := lockPollMin; ; pause = min(2*pause, lockPollMax) {
		var got bool
		if err := conn.WithContext(ctx).Raw("SELECT pg_try_advisory_lock(?)", AdvisoryLockKey).Row().Scan(&got); err != nil {
			return nil, fmt.Errorf("take the migration lock: %w", err)
		}
		if got {
			return func() { advisoryUnlock(ctx, conn, log) }, nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, lockTimeoutError(ctx, conn, wait)
		}
		if err := sleep(ctx, min(jitter(pause), left)); err != nil {
			return nil, fmt.Errorf("wait for the migration lock: %w", err)
		}
	}
}

func advisoryUnlock(ctx context.Context, conn *gorm.DB, log *slog.Logger) {
	ctx = context.WithoutCancel(ctx)
	var released bool
	err := conn.WithContext(ctx).Raw("SELECT pg_advisory_unlock(?)", AdvisoryLockKey).Row().Scan(&released)
	if err != nil || !released {
		// The session ending (connection closed) releases it anyway.
		log.WarnContext(ctx, "could not release the migration lock", "error", err, "released", released)
	}
}

// lockTimeoutError names the process holding the lock, when it can.
func lockTimeoutError(ctx context.Context, conn *gorm.DB, wait time.Duration) error {
	var pid int64
	err := conn.WithContext(ctx).Raw(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND classid = ? AND objid = ? AND objsubid = 1
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1`, AdvisoryLockKey>>32, AdvisoryLockKey&0xffffffff).Row().Scan(&pid)
	if err != nil || pid == 0 {
		return fmt.Errorf("%w after %v: another process holds it; it is probably migrating, so retry when it is done", ErrLockTimeout, wait)
	}
	return fmt.Errorf("%w after %v: PostgreSQL backend %d holds it; it is probably migrating, so retry when it is done, "+
		"or end it (SELECT pg_terminate_backend(%d)) if it is stuck", ErrLockTimeout, wait, pid, pid)
}

func jitter(d time.Duration) time.Duration {
	return d/2 + rand.N(d)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
