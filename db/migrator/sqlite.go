package migrator

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// sqliteDialect relies on SQLite's write lock instead of an advisory lock:
// connect.Open makes every transaction BEGIN IMMEDIATE, so migrations of concurrent
// processes run one at a time, and each rechecks its row inside its
// transaction before running.
type sqliteDialect struct{}

func (sqliteDialect) lock(ctx context.Context, _ *gorm.DB, _ *config) (*heldLock, error) {
	return unlocked(ctx), nil
}

// prepare turns foreign key enforcement off on conn for the run: table
// rebuilds drop and recreate referenced tables, and the pragma is a no-op
// inside a transaction. verify checks the keys before each migration is
// recorded instead.
func (sqliteDialect) prepare(ctx context.Context, conn *gorm.DB, _ *config) (func(), error) {
	var on bool
	if err := conn.WithContext(ctx).Raw("PRAGMA foreign_keys").Row().Scan(&on); err != nil {
		return nil, fmt.Errorf("read PRAGMA foreign_keys: %w", err)
	}
	if !on {
		return func() {}, nil
	}
	if err := conn.WithContext(ctx).Exec("PRAGMA foreign_keys = OFF").Error; err != nil {
		return nil, fmt.Errorf("turn foreign keys off for the migrations: %w", err)
	}
	return func() { conn.WithContext(context.WithoutCancel(ctx)).Exec("PRAGMA foreign_keys = ON") }, nil
}

func (sqliteDialect) recheck(tx *gorm.DB, table, id string, _ bool) (bool, error) {
	var n int64
	q := fmt.Sprintf(`SELECT count(*) FROM %s WHERE id = ?`, table)
	if err := tx.Raw(q, id).Row().Scan(&n); err != nil {
		return false, fmt.Errorf("check whether migration %s is recorded: %w", id, err)
	}
	return n > 0, nil
}

// verify fails when a row violates a foreign key, naming the table.
func (sqliteDialect) verify(tx *gorm.DB) error {
	rows, err := tx.Raw("PRAGMA foreign_key_check").Rows()
	if err != nil {
		return fmt.Errorf("PRAGMA foreign_key_check: %w", err)
	}
	defer rows.Close()
	var bad []string
	for rows.Next() {
		var table, parent string
		var rowid, fk any
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("PRAGMA foreign_key_check: %w", err)
		}
		bad = append(bad, fmt.Sprintf("%s (rowid %v) references a missing row of %s", table, rowid, parent))
		if len(bad) == 5 {
			break // enough to say where to look
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("PRAGMA foreign_key_check: %w", err)
	}
	if len(bad) > 0 {
		return fmt.Errorf("foreign keys violated: %s", strings.Join(bad, "; "))
	}
	return nil
}

// chains is false: SQLite has no COMMIT AND CHAIN, and each migration's
// transaction must begin by taking the write lock and re-checking its row.
func (sqliteDialect) chains() bool { return false }

func (sqliteDialect) columns(db *gorm.DB, table string) ([]string, error) {
	var cols []string
	if err := db.Raw("SELECT name FROM pragma_table_info(?) ORDER BY cid", table).Scan(&cols).Error; err != nil {
		return nil, fmt.Errorf("read the columns of table %s: %w", table, err)
	}
	return cols, nil
}

func (sqliteDialect) leftovers(*gorm.DB) string { return "" }
