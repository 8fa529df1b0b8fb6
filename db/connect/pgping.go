package connect

import (
	"context"
	"database/sql"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/matar-app/matardb/db/dialect"
)

// pgx's database/sql adapter pings a pooled connection before reusing it
// when it has been idle more than a second, and counts a connection never
// reused as idle forever: the first query after Open's check would cost a
// ping. pgxOptions keep pgx's rule but measure a new connection's idleness
// from when it connected, and Open checks a PostgreSQL server by connecting
// (checkConnection), so a process start costs connecting and the first
// query, and a connection that did sit idle is still checked.

// connectedKey is where a connection's connect time is kept in its pgconn
// custom data.
const connectedKey = "matardb.connected"

// pingIdleAfter is pgx's threshold: a connection idle longer is pinged.
const pingIdleAfter = time.Second

// pgxOptions are the options Open gives pgx's database/sql adapter.
func pgxOptions() []stdlib.OptionOpenDB {
	return []stdlib.OptionOpenDB{
		stdlib.OptionAfterConnect(func(_ context.Context, c *pgx.Conn) error {
			c.PgConn().CustomData()[connectedKey] = time.Now()
			return nil
		}),
		stdlib.OptionShouldPing(shouldPing),
	}
}

// shouldPing reports whether a connection about to be reused needs a ping.
func shouldPing(_ context.Context, p stdlib.ShouldPingParams) bool {
	idle := p.IdleDuration
	if connected, ok := p.Conn.PgConn().CustomData()[connectedKey].(time.Time); ok {
		idle = min(idle, time.Since(connected))
	}
	return idle > pingIdleAfter
}

// checkConnection is Open's check: on PostgreSQL it opens one connection,
// whose startup exchange already proves the server reachable and the login
// accepted, and returns it to the pool unused, so the first query reuses it
// without a ping of its own; on SQLite it pings (runs select 1), which also
// reads the file.
func checkConnection(ctx context.Context, sqlDB *sql.DB, d dialect.Dialect) error {
	if d != dialect.Postgres {
		return sqlDB.PingContext(ctx)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	return conn.Close()
}
