package migrator

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

// prepare sets the run's session up in one statement, and restores it in
// another:
//   - client_connection_check_interval (PostgreSQL 14 and later; skipped
//     before), so that the backend of a process killed while a migration
//     waits for a table lock or runs a long statement notices within a
//     second, rolls back and frees the migration lock, instead of going on
//     until the statement ends;
//   - cfg's lock_timeout and statement_timeout, once for the run rather
//     than with SET LOCAL in every migration's transaction.
//
// The pinned connection runs nothing else, and the restore runs even when
// ctx has ended, before the connection goes back to the pool.
func (postgresDialect) prepare(ctx context.Context, conn *gorm.DB, cfg *config) (func(), error) {
	settings := [][2]string{{"client_connection_check_interval", connectionCheck}}
	for _, t := range []struct {
		name string
		d    time.Duration
	}{{"lock_timeout", cfg.lockTimeout}, {"statement_timeout", cfg.statementTimeout}} {
		if t.d > 0 {
			settings = append(settings, [2]string{t.name, fmt.Sprintf("%dms", t.d.Milliseconds())})
		}
	}
	rows := make([]string, len(settings))
	args := make([]any, 0, 2*len(settings))
	names := make([]string, len(settings))
	for i, s := range settings {
		rows[i] = "(?, ?)"
		args = append(args, s[0], s[1])
		names[i] = s[0]
	}
	q := `SELECT set_config(s.name, v.value, false) FROM (VALUES ` + strings.Join(rows, ", ") +
		`) AS v(name, value) JOIN pg_settings s ON s.name = v.name`
	if err := conn.WithContext(ctx).Exec(q, args...).Error; err != nil {
		return nil, fmt.Errorf("set %s: %w", strings.Join(names, ", "), err)
	}
	return func() {
		conn.WithContext(context.WithoutCancel(ctx)).Exec(
			`SELECT set_config(name, reset_val, false) FROM pg_settings WHERE name IN ?`, names)
	}, nil
}

func (postgresDialect) recheck(_ *gorm.DB, _, _ string, assumed bool) (bool, error) {
	return assumed, nil
}

func (postgresDialect) verify(*gorm.DB) error { return nil }

func (postgresDialect) chains() bool { return true }

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
