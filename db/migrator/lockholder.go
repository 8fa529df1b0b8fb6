package migrator

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// holder is the session holding the migration lock, as pg_stat_activity
// shows it.
type holder struct {
	pid     int64
	name    string        // application_name: "matardb migrate HOST pid N" for a matardb run
	age     time.Duration // since its transaction (or, for a session lock, its last one) began
	silence time.Duration // since its session last changed state (a heartbeat, a statement)
	state   string        // "active", "idle in transaction", …
}

// holderQuery finds the backend that holds the migration lock, whether as
// a transaction-scoped or a session lock.
const holderQuery = `SELECT l.pid, COALESCE(a.application_name, ''),
	COALESCE(EXTRACT(EPOCH FROM now() - COALESCE(a.xact_start, a.backend_start)), 0)::float8,
	COALESCE(EXTRACT(EPOCH FROM now() - a.state_change), 0)::float8, COALESCE(a.state, '')
	FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
	WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND l.objid = ? AND l.objsubid = 1
	AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1`

// lockHolder returns the lock's holder, nil when nobody holds it. It waits
// at most a few seconds, whatever ctx allows.
func lockHolder(ctx context.Context, gdb *gorm.DB) (*holder, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	rows, err := gdb.WithContext(ctx).Raw(holderQuery, AdvisoryLockKey>>32, AdvisoryLockKey&0xffffffff).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	var h holder
	var age, silence float64
	if err := rows.Scan(&h.pid, &h.name, &age, &silence, &h.state); err != nil {
		return nil, err
	}
	h.age = time.Duration(age * float64(time.Second)).Round(time.Millisecond)
	h.silence = time.Duration(silence * float64(time.Second)).Round(time.Millisecond)
	return &h, nil
}

// String says who holds the lock, for how long, and whether it is alive.
func (h *holder) String() string {
	who := fmt.Sprintf("PostgreSQL backend %d", h.pid)
	if h.name != "" {
		who = fmt.Sprintf("%q (PostgreSQL backend %d)", h.name, h.pid)
	}
	alive := fmt.Sprintf("it is alive (%s, last heard from %v ago), so it is probably migrating: retry when it is done", h.state, h.silence)
	if h.state == "idle in transaction" && h.silence > lockLease {
		alive = fmt.Sprintf("it has been silent for %v, so its process is probably gone; PostgreSQL ends a matardb lock holder after %v of silence", h.silence, lockLease)
	}
	return fmt.Sprintf("%s has held it for %v; %s", who, h.age, alive)
}
