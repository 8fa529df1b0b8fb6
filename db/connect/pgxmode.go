package connect

import (
	"math"
	"net/url"
	"strconv"
	"time"
)

// DefaultConnectTimeout is how long Open and every new connection of its
// pool wait for a PostgreSQL server to complete a connection (TCP, TLS,
// startup and login) when neither the URL's connect_timeout nor
// WithConnectTimeout says otherwise.
const DefaultConnectTimeout = 5 * time.Second

// poolerSafeMode is the pgx query mode Open chooses when the URL does not
// set default_query_exec_mode: the simple protocol, which sends each
// statement with its values in one message and prepares nothing on the
// server. Named prepared statements (pgx's default cache) live on a server
// connection, which a transaction-mode pooler (PgBouncer, cloud pooled
// endpoints) hands to other clients between transactions: statements then
// fail with "prepared statement … already exists" or "does not exist". It
// also keeps a statement at one round trip, and lets a message carry
// several statements (see chain). Its values are rendered by pgx, so
// time.Time keeps its meaning in timestamp columns whatever the session's
// TimeZone.
const poolerSafeMode = "simple_protocol"

// postgresDSN returns rawURL with the settings Open chooses for PostgreSQL
// when the URL does not set them: connect_timeout (whole seconds, rounded
// up; libpq's and pgx's unit) and default_query_exec_mode. A URL that does
// not parse is returned as it is, for the driver to report.
func postgresDSN(rawURL string, connectTimeout time.Duration) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	q := u.Query()
	if !q.Has("connect_timeout") {
		q.Set("connect_timeout", strconv.Itoa(int(math.Ceil(connectTimeout.Seconds()))))
	}
	if !q.Has("default_query_exec_mode") {
		q.Set("default_query_exec_mode", poolerSafeMode)
	}
	u.RawQuery = q.Encode()
	return u.String()
}
