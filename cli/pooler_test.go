package cli

import (
	"testing"

	"github.com/matar-app/matardb/internal/pgbouncer"
	"github.com/matar-app/matardb/internal/testdb"
)

// In session mode each client connection takes a server connection: the
// pool holds the N + 1 that N replicas need at most (the lock holder's two,
// one for each process that waits), and no more.
func TestSixteenUpgradeProcessesThroughPgBouncerApplyTheHistoryOnceAndLeaveNoLockNorSetting(t *testing.T) {
	for mode, size := range map[string]int{pgbouncer.Transaction: 4, pgbouncer.Session: sixteen + 1} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			url := testdb.PostgresURL(t)
			b := pgbouncer.Start(t, mode, size)
			testSixteenUpgrades(t, url, b.URL(url))
			b.WantClean(t, url)
		})
	}
}
