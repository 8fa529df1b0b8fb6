package benchutil

import (
	"fmt"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// TableMigrations returns n migrations in a chain, the i-th (from 1)
// creating a one-column table bench_<i> and dropping it on rollback: the
// smallest migration that still does DDL. IDs are 12 hex digits, as
// generated ones are.
func TableMigrations(n int) []history.Migration {
	ms := make([]history.Migration, n)
	for i := range ms {
		table := fmt.Sprintf("bench_%04d", i+1)
		up := fmt.Sprintf(`CREATE TABLE %q (x integer)`, table)
		down := fmt.Sprintf(`DROP TABLE %q`, table)
		ms[i] = history.Migration{
			ID:       fmt.Sprintf("%012x", i+1),
			Message:  "create table " + table,
			Migrate:  func(tx *gorm.DB) error { return tx.Exec(up).Error },
			Rollback: func(tx *gorm.DB) error { return tx.Exec(down).Error },
		}
		if i > 0 {
			ms[i].Parent = ms[i-1].ID
		}
	}
	return ms
}

// TableHistory returns TableMigrations(n) as a history.
func TableHistory(n int) (*history.History, error) {
	return history.New(TableMigrations(n)...)
}

// Gormigrate returns h's migrations as plain gormigrate runs them.
func Gormigrate(h *history.History) []*gormigrate.Migration {
	ms := make([]*gormigrate.Migration, h.Len())
	for i, m := range h.Migrations() {
		ms[i] = m.Gormigrate()
	}
	return ms
}
