package migrations_test

import (
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// These helpers move a database through the history: each migration runs
// in its own transaction and is recorded in a minimal bookkeeping table.
// On SQLite the pool is pinned to one connection so that foreign keys can
// be off while tables are rebuilt.

// bookkeeping is the table that records the applied migrations.
const bookkeeping = "migrations"

func applied(t testing.TB, gdb *gorm.DB) []string {
	t.Helper()
	mustExec(t, gdb, `CREATE TABLE IF NOT EXISTS migrations (id VARCHAR(255) PRIMARY KEY)`)
	var got []string
	if err := gdb.Raw(`SELECT id FROM migrations`).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	return got
}

func runStep(t testing.TB, gdb *gorm.DB, f func(*gorm.DB) error, record string) {
	t.Helper()
	if gdb.Dialector.Name() == "sqlite" {
		sqlDB, _ := gdb.DB()
		sqlDB.SetMaxOpenConns(1)
		mustExec(t, gdb, "PRAGMA foreign_keys = OFF")
		defer mustExec(t, gdb, "PRAGMA foreign_keys = ON")
	}
	err := gdb.Transaction(func(tx *gorm.DB) error {
		if err := f(tx); err != nil {
			return err
		}
		return tx.Exec(record).Error
	})
	if err != nil {
		t.Fatal(err)
	}
}

func upgrade(t testing.TB, gdb *gorm.DB, h *history.History, target string) {
	t.Helper()
	done := map[string]bool{}
	for _, id := range applied(t, gdb) {
		done[id] = true
	}
	end, _ := h.Position(target)
	for i := 0; i <= end; i++ {
		m := h.At(i)
		if !done[m.ID] {
			runStep(t, gdb, m.Migrate, `INSERT INTO migrations (id) VALUES ('`+m.ID+`')`)
		}
	}
}

func rollback(t testing.TB, gdb *gorm.DB, h *history.History, target string) {
	t.Helper()
	done := map[string]bool{}
	for _, id := range applied(t, gdb) {
		done[id] = true
	}
	end := -1
	if target != "" {
		end, _ = h.Position(target)
	}
	for i := h.Len() - 1; i > end; i-- {
		m := h.At(i)
		if done[m.ID] {
			runStep(t, gdb, m.Rollback, `DELETE FROM migrations WHERE id = '`+m.ID+`'`)
		}
	}
}
