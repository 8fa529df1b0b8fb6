package migrator

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// errNotPgx says a pool's driver is not pgx's: the caller asks another way.
var errNotPgx = errors.New("not a pgx connection")

// pgxConn is what pgx's database/sql driver exposes of a connection.
type pgxConn interface{ Conn() *pgx.Conn }

// quick bounds the up-to-date check's waits (see countOnPgx).
var quick watchdog

// expiredSocket is the deadline that cuts a socket's wait short.
var expiredSocket = time.Unix(1, 0)

// countOnPgx runs q, one statement without parameters, on a connection of
// db through pgx (one simple-protocol message, seen by pgx's tracer), and
// returns the row count of its last result. It returns errNotPgx when db's
// driver is not pgx's.
//
// Taking the connection and the statement are bounded together by wait,
// without a timer of their own (see watchdog) and without handing pgx a
// context that can end when ctx cannot: pgx watches such a context with a
// goroutine per statement, which on a virtual machine costs about a tenth
// of a local round trip, more than the server's work on the check. When
// wait passes, taking the connection is
// cancelled, or the connection's socket gets a past deadline, which ends
// the read and closes the connection (pgx's rule for a read cut short), so
// the pool discards it; expired reports that wait passed. ctx still
// cancels both.
func countOnPgx(ctx context.Context, db *sql.DB, q string, wait time.Duration) (n int64, expired bool, err error) {
	actx, cancel := context.WithCancel(ctx)
	defer cancel()
	x := quick.start(time.Now().Add(wait), cancel)
	conn, err := db.Conn(actx)
	if err != nil {
		return 0, quick.stop(x), err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(pgxConn)
		if !ok {
			quick.stop(x)
			return errNotPgx
		}
		sock := c.Conn().PgConn().Conn()
		err := error(context.DeadlineExceeded) // the wait passed while taking the connection
		armed := quick.then(x, func() { _ = sock.SetDeadline(expiredSocket) })
		if armed {
			var tag pgconn.CommandTag
			tag, err = c.Conn().Exec(ctx, q)
			n = tag.RowsAffected()
		}
		if expired = quick.stop(x); expired && armed {
			_ = sock.SetDeadline(time.Time{}) // the statement may have ended as the wait passed
		}
		return err
	})
	return n, expired, err
}
