package migrator

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

type postgresDialect struct{}

func (postgresDialect) lock(ctx context.Context, gdb *gorm.DB, cfg *config) (*heldLock, error) {
	return xactLock(ctx, gdb, cfg)
}

// prepare leaves the session as it is: the run's settings are SET LOCAL in
// each migration's transaction (see localSettings), so none outlives it,
// even on a server connection a transaction-mode pooler shares.
func (postgresDialect) prepare(context.Context, *gorm.DB, *config) (func(), error) {
	return func() {}, nil
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
