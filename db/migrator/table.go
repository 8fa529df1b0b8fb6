package migrator

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// ensureTable creates the bookkeeping table (adopting an Alembic database in
// the same transaction, so a crash cannot leave an empty table behind) or
// adds matardb's columns to a table plain gormigrate created. Callers hold
// the migration lock; on SQLite the transaction's write lock serialises
// concurrent callers, and the columns are read again inside it.
func ensureTable(ctx context.Context, conn *gorm.DB, d backend, cfg *config) error {
	have, err := d.columns(conn.WithContext(ctx), cfg.table)
	if err != nil {
		return err
	}
	if err := foreignTable(cfg.table, have); err != nil {
		return err
	}
	if len(missingColumns(have)) == 0 {
		return nil
	}
	return conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		have, err := d.columns(tx, cfg.table)
		if err != nil {
			return err
		}
		if len(have) == 0 {
			if err := tx.Exec(createTableSQL(cfg.table)).Error; err != nil {
				return fmt.Errorf("create table %s: %w", cfg.table, err)
			}
			return adoptAlembic(ctx, tx, d, cfg)
		}
		for _, c := range missingColumns(have) {
			q := fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", cfg.table, c.name, c.typ)
			if err := tx.Exec(q).Error; err != nil {
				return fmt.Errorf("add column %s to table %s: %w", c.name, cfg.table, err)
			}
		}
		return nil
	})
}

// missingColumns lists matardb's columns absent from have; all of them
// (with id) when have is empty.
func missingColumns(have []string) []column {
	var missing []column
	for _, c := range columns {
		if !slices.Contains(have, c.name) {
			missing = append(missing, c)
		}
	}
	return missing
}

// columnNames lists every bookkeeping column.
func columnNames() []string {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = c.name
	}
	return names
}
