package cli

import (
	"testing"

	"github.com/matar-app/matardb/internal/pgbouncer"
	"github.com/matar-app/matardb/internal/testdb"
)

func TestSixteenUpgradeProcessesThroughPgBouncerApplyTheHistoryOnceAndLeaveNoLockNorSetting(t *testing.T) {
	for mode, size := range map[string]int{pgbouncer.Transaction: 4, pgbouncer.Session: 2*sixteen + 4} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			url := testdb.PostgresURL(t)
			b := pgbouncer.Start(t, mode, size)
			testSixteenUpgrades(t, url, b.URL(url))
			b.WantClean(t, url)
		})
	}
}
