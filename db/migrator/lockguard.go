package migrator

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/matar-app/matardb/db/history"
)

// A migration's message (its DDL, its row and COMMIT AND CHAIN, see chain)
// is all on the server before its first statement runs. When the process
// is killed while the server runs it, say while its DDL waits for a table
// lock, the lock transaction's backend ends at once and frees the
// migration lock, but the migration's backend goes on with the message once
// the table lock is granted (client_connection_check_interval, see
// localSettings, ends the wait only at its next check, and only from
// PostgreSQL 14): it would commit the migration of a dead process, while
// another process, holding the lock now, finds the migration pending and
// runs it too. The same happens to a living process whose lock transaction
// was terminated, until its heartbeat notices.
//
// So the message checks, right before COMMIT AND CHAIN and after
// everything in it that may wait, that the run's own lock transaction
// still holds the lock: pg_locks must show the advisory lock granted to
// that transaction's virtual transaction ID, which PostgreSQL does not
// give to another transaction while the server runs (short of its 32-bit
// per-backend counter wrapping around), so that even another process that
// holds the lock now fails the check. What may still wait after the check
// is COMMIT itself (deferred constraint triggers, synchronous replication).
// When the check fails, it raises lockGuardCode, which aborts the
// transaction: the COMMIT AND CHAIN after it rolls back instead of
// committing, and the run, if alive, stops with ErrLockLost.

// lockGuardCode is the SQLSTATE the check raises.
const lockGuardCode = "MDBLL"

// lockGuard is the check for the lock transaction whose virtual transaction
// ID is vxid: one statement without parameters, so that it can share a
// simple-protocol message with COMMIT AND CHAIN.
func lockGuard(vxid string) string {
	return fmt.Sprintf(`DO $matardb_lock_guard$BEGIN
IF NOT EXISTS (SELECT FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND granted
	AND classid = %d AND objid = %d AND objsubid = 1 AND virtualtransaction = %s) THEN
	RAISE EXCEPTION USING ERRCODE = '%s',
		MESSAGE = 'matardb lost the migration lock before this migration could commit: '
			|| 'the transaction that held it (virtual transaction ' || %s || ') has ended',
		DETAIL = 'The process running the migrations was killed or lost its connection, or its lock transaction was terminated.',
		HINT = 'Its changes and its bookkeeping row are rolled back; the next run takes it again.';
END IF;
END$matardb_lock_guard$`, AdvisoryLockKey>>32, AdvisoryLockKey&0xffffffff, pgString(vxid), lockGuardCode, pgString(vxid))
}

// isLockGuardError reports whether err is the check's.
func isLockGuardError(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == lockGuardCode
}

// lockGuardError is the error of a step whose check failed.
func lockGuardError(dir direction, m *history.Migration, err error) error {
	what, outcome := "migration "+m.ID, fmt.Sprintf("migration %s was rolled back and is not recorded as applied; the next run applies it", m.ID)
	if dir.hasRow {
		what = "the rollback of migration " + m.ID
		outcome = fmt.Sprintf("the rollback was undone and migration %s is still recorded as applied", m.ID)
	}
	return fmt.Errorf("%w before %s could commit: the run's lock transaction had ended (its backend was terminated "+
		"or its connection lost), so %s: %w", ErrLockLost, what, outcome, err)
}
