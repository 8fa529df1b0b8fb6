package connect

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"
)

// ErrConnectTimeout is returned (wrapped) by Open when the server did not
// complete the connection in time: it accepted the TCP connection and then
// said nothing, or did not answer at all.
var ErrConnectTimeout = errors.New("the database server did not complete the connection in time")

// WithConnectTimeout bounds how long Open, and each new connection of the
// pool it returns, waits for a PostgreSQL server to complete a connection
// (TCP, TLS, startup and login), when the URL has no connect_timeout
// parameter (which wins, so that operators can tune it without a new
// build). It is applied in whole seconds, rounded up. Default:
// DefaultConnectTimeout (5 seconds). SQLite ignores it.
func WithConnectTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("WithConnectTimeout: %v is not a positive duration", d)
		}
		c.connectTimeout = d
		return nil
	})
}

// connectError wraps a connection failure that is a timeout in
// ErrConnectTimeout, with a sentence saying what was waited for.
func connectError(err error) error {
	if !isTimeout(err) {
		return err
	}
	return fmt.Errorf("%w: no complete answer (TCP, TLS, startup, login) within the connect timeout "+
		"(connect_timeout in the URL, else WithConnectTimeout, default %v) or the context's deadline; "+
		"check that the host and port are PostgreSQL's or a pooler's and that it is up: %w", ErrConnectTimeout, DefaultConnectTimeout, err)
}

// isTimeout reports whether err is a deadline or a network timeout.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}
