package db

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

type postgresDialect struct{}

func (postgresDialect) lock(ctx context.Context, conn *gorm.DB, cfg *config) (func(), error) {
	return advisoryLock(ctx, conn, cfg.lockWait, cfg.logger)
}

// connectionCheck is the client_connection_check_interval of a run's
// session: how soon its backend notices that the process was killed.
const connectionCheck = "1s"

// prepare makes conn's backend check every second, even in the middle of a
// statement, that the process is still connected (PostgreSQL 14 and later;
// a no-op before). Otherwise the backend of a process killed while a
// migration waits for a table lock or runs a long statement goes on until
// the statement ends, holding the migration lock and the migration's
// transaction; with the check it rolls back and lets the next run in within
// a second.
func (postgresDialect) prepare(ctx context.Context, conn *gorm.DB) (func(), error) {
	const q = `SELECT set_config(name, ?, false) FROM pg_settings WHERE name = 'client_connection_check_interval'`
	if err := conn.WithContext(ctx).Exec(q, connectionCheck).Error; err != nil {
		return nil, fmt.Errorf("set client_connection_check_interval: %w", err)
	}
	return func() {
		conn.WithContext(context.WithoutCancel(ctx)).Exec(
			`SELECT set_config(name, reset_val, false) FROM pg_settings WHERE name = 'client_connection_check_interval'`)
	}, nil
}

func (postgresDialect) recheck(_ *gorm.DB, _ string, assumed bool) (bool, error) { return assumed, nil }

func (postgresDialect) verify(*gorm.DB) error { return nil }

func (postgresDialect) chains() bool { return true }

// setTimeouts sets the session's timeouts once for the run, rather than
// with SET LOCAL in every migration's transaction: one statement per run
// instead of one per migration. The pinned connection runs nothing else,
// and the reset runs even when ctx is cancelled, before the connection goes
// back to the pool.
func (postgresDialect) setTimeouts(conn *gorm.DB, cfg *config) (func(), error) {
	q, args := timeoutSQL(cfg)
	if q == "" {
		return func() {}, nil
	}
	if err := conn.Exec(q, args...).Error; err != nil {
		return nil, fmt.Errorf("set lock_timeout and statement_timeout: %w", err)
	}
	return func() {
		conn.WithContext(context.WithoutCancel(conn.Statement.Context)).Exec(
			`SELECT set_config(name, reset_val, false) FROM pg_settings WHERE name IN ('lock_timeout', 'statement_timeout')`)
	}, nil
}

// timeoutSQL returns the statement that sets cfg's non-zero timeouts for
// the session, "" when none.
func timeoutSQL(cfg *config) (string, []any) {
	var calls []string
	var args []any
	for _, t := range []struct {
		name string
		d    time.Duration
	}{{"lock_timeout", cfg.lockTimeout}, {"statement_timeout", cfg.statementTimeout}} {
		if t.d > 0 {
			calls = append(calls, "set_config(?, ?, ?)")
			args = append(args, t.name, fmt.Sprintf("%dms", t.d.Milliseconds()), false)
		}
	}
	if len(calls) == 0 {
		return "", nil
	}
	return "SELECT " + strings.Join(calls, ", "), args
}

// columns resolves table through the search_path, as unqualified queries do.
func (postgresDialect) columns(db *gorm.DB, table string) ([]string, error) {
	var cols []string
	err := db.Raw(`SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, table).
		Scan(&cols).Error
	if err != nil {
		return nil, fmt.Errorf("read the columns of table %s: %w", table, err)
	}
	return cols, nil
}

// leftovers lists INVALID indexes, which a failed CREATE INDEX CONCURRENTLY
// leaves behind.
func (postgresDialect) leftovers(db *gorm.DB) string {
	var names []string
	err := db.Raw(`SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid ORDER BY 1`).Scan(&names).Error
	if err != nil || len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("INVALID indexes left behind (drop them with DROP INDEX CONCURRENTLY): %s", strings.Join(names, ", "))
}
