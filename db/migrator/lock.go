package migrator

import (
	"context"
	"math/rand/v2"
	"time"
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
