package pgbouncer

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"
)

// WantClean fails t unless no server connection the pooler holds for the
// database at direct (a URL straight to PostgreSQL) holds an advisory lock
// or hands out a non-default lock_timeout, statement_timeout or
// client_connection_check_interval. Clients of the pool that keep their
// server connections (session mode) must have left first.
func (b *Bouncer) WantClean(t testing.TB, direct string) {
	t.Helper()
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	pids := b.ServerPIDs(t, strings.TrimPrefix(u.Path, "/"))
	conn, err := sql.Open("pgx", direct)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(context.Background(),
		`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND pid = ANY($1)`, pids)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		if err := rows.Scan(&pid); err != nil {
			t.Fatal(err)
		}
		t.Errorf("server connection (backend %d) of the pool still holds an advisory lock", pid)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, s := range b.Servers(t, b.URL(direct)) {
		if s.LockTimeout != "0" || s.StatementTimeout != "0" || s.ConnectionCheck != "0" {
			t.Errorf("server connection (backend %d) hands out lock_timeout %s, statement_timeout %s, client_connection_check_interval %s; want the defaults (0)",
				s.PID, s.LockTimeout, s.StatementTimeout, s.ConnectionCheck)
		}
	}
}
