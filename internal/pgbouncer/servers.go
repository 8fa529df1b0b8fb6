package pgbouncer

import (
	"context"
	"database/sql"
	"testing"
)

// Server is what a client of the pool gets on one server connection.
type Server struct {
	PID              int64
	LockTimeout      string
	StatementTimeout string
	ConnectionCheck  string // client_connection_check_interval
}

// Servers opens PoolSize client connections through the pooler to the
// database at rawURL (a URL through the pooler), each in a transaction at
// once so that each holds a server connection of its own, and reports the
// settings every server connection of the pool hands out.
func (b *Bouncer) Servers(t testing.TB, rawURL string) []Server {
	t.Helper()
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ctx := context.Background()
	servers := make([]Server, b.poolSize)
	txs := make([]*sql.Tx, b.poolSize)
	defer func() {
		for _, tx := range txs {
			if tx != nil {
				tx.Rollback()
			}
		}
	}()
	for i := range txs {
		if txs[i], err = pool.BeginTx(ctx, nil); err != nil {
			t.Fatalf("begin on server connection %d through pgbouncer: %v", i, err)
		}
		s := &servers[i]
		err := txs[i].QueryRowContext(ctx, `SELECT pg_backend_pid(), current_setting('lock_timeout'),
			current_setting('statement_timeout'), current_setting('client_connection_check_interval')`).
			Scan(&s.PID, &s.LockTimeout, &s.StatementTimeout, &s.ConnectionCheck)
		if err != nil {
			t.Fatalf("read the settings of server connection %d through pgbouncer: %v", i, err)
		}
	}
	return servers
}
