package migrator

import (
	"testing"

	"github.com/matar-app/matardb/internal/pgbouncer"
	"github.com/matar-app/matardb/internal/testdb"
)

// replicas is how many processes the connection-budget tests start at
// once, as many replicas of an application deploying together, against a
// server whose max_connections is 100.
const replicas = 64

// connectionBudget is the most connections replicas processes running
// Migrate at once may hold together: one each, and one more for the one
// process that applies the migrations (its lock transaction's). The
// tests give the processes exactly that many and no more, so they fail
// the day the runtime needs one more.
const connectionBudget = replicas + 1

func TestSixtyFourProcessesApplyEachMigrationOnceWithinOneConnectionEachPlusOne(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	gdb := openURL(t, url) // as the server's user: not counted in the role's limit
	testConcurrentProcessesApplyEachMigrationOnce(t, testdb.LimitedRole(t, url, connectionBudget), gdb, replicas, true)
}

// The pooler's clients are capped instead (max_client_conn): through a
// transaction-mode pooler each client connection is what a process
// holds, and the server side never exceeds the small pool.
func TestSixtyFourProcessesThroughPgBouncerApplyEachMigrationOnceWithinOneConnectionEachPlusOne(t *testing.T) {
	t.Parallel()
	direct := testdb.PostgresURL(t)
	b := pgbouncer.StartLimited(t, pgbouncer.Transaction, 4, connectionBudget)
	gdb := openURL(t, direct) // straight to the server: not counted by the pooler
	testConcurrentProcessesApplyEachMigrationOnce(t, b.URL(direct), gdb, replicas, true)
	b.WantClean(t, direct) // after the processes left, within the same cap
}
