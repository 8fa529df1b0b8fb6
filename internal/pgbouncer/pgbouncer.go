// Package pgbouncer starts a real PgBouncer for a test, on a free loopback
// port in front of the test PostgreSQL server (testdb.AdminURL's host and
// port), in transaction or session pooling mode, and stops it when the test
// ends. Its admin console lists the server connections the pooler holds,
// so that a test can inspect each one (the advisory locks its backend
// holds, the settings a client of the pool would get).
//
// The binary is the Debian package pgbouncer. When it is missing the test
// is skipped, except under CI=true, where it fails. A Bouncer is safe for
// concurrent use.
package pgbouncer

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/matar-app/matardb/internal/testdb"
)

// Pooling modes.
const (
	Transaction = "transaction" // a server connection per transaction
	Session     = "session"     // a server connection per client connection
)

// Bouncer is a running PgBouncer.
type Bouncer struct {
	port     int
	poolSize int
	user     string
}

// Start starts PgBouncer in mode with at most poolSize server connections
// per database and user, and stops it when t ends.
func Start(t testing.TB, mode string, poolSize int) *Bouncer {
	t.Helper()
	bin := binary(t)
	server, err := url.Parse(testdb.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	// PgBouncer refuses to run as root; as root it is started as the
	// postgres user, who must read the files and write the log, so the
	// directory is not under t.TempDir (whose parent only its owner enters).
	dir, err := os.MkdirTemp("", "pgbouncer")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o777)
	b := &Bouncer{port: freePort(t), poolSize: poolSize, user: server.User.Username()}
	ini := filepath.Join(dir, "pgbouncer.ini")
	write(t, filepath.Join(dir, "users.txt"), fmt.Sprintf("%q \"\"\n", b.user))
	write(t, ini, b.config(dir, mode, server))
	args := []string{ini}
	if os.Geteuid() == 0 {
		args = append([]string{"-u", "postgres"}, args...)
	}
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start pgbouncer: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	b.waitReady(t, filepath.Join(dir, "pgbouncer.log"))
	return b
}

// binary finds the pgbouncer executable, skipping or failing t without it.
func binary(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"pgbouncer", "/usr/sbin/pgbouncer"} {
		if bin, err := exec.LookPath(p); err == nil {
			return bin
		}
	}
	msg := "pgbouncer is not installed (apt-get install pgbouncer)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; CI must run the pooler tests")
	}
	t.Skip(msg)
	return ""
}

func (b *Bouncer) config(dir, mode string, server *url.URL) string {
	return fmt.Sprintf(`[databases]
* = host=%s port=%s

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = trust
auth_file = %s
admin_users = %s
pool_mode = %s
default_pool_size = %d
max_client_conn = 500
query_wait_timeout = 20
ignore_startup_parameters = extra_float_digits,options
logfile = %s
pidfile = %s
`, server.Hostname(), portOf(server), b.port, filepath.Join(dir, "users.txt"), b.user, mode, b.poolSize,
		filepath.Join(dir, "pgbouncer.log"), filepath.Join(dir, "pgbouncer.pid"))
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return "5432"
}

// waitReady waits until the admin console answers.
func (b *Bouncer) waitReady(t testing.TB, log string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", b.addr(), time.Second)
		if err == nil {
			conn.Close()
			return
		}
		if time.Now().After(deadline) {
			text, _ := os.ReadFile(log)
			t.Fatalf("pgbouncer did not listen on %s within 10s: %v\n%s", b.addr(), err, text)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *Bouncer) addr() string { return "127.0.0.1:" + strconv.Itoa(b.port) }

// URL returns direct, a URL of the test PostgreSQL server, pointed at the
// pooler instead.
func (b *Bouncer) URL(direct string) string {
	u, err := url.Parse(direct)
	if err != nil {
		return direct
	}
	u.Host = b.addr()
	return u.String()
}

// PoolSize is the most server connections the pooler opens per database
// and user.
func (b *Bouncer) PoolSize() int { return b.poolSize }

// ServerPIDs lists the PostgreSQL backend PID of every server connection
// the pooler holds (SHOW SERVERS on its admin console), for database.
func (b *Bouncer) ServerPIDs(t testing.TB, database string) []int64 {
	t.Helper()
	admin, err := sql.Open("pgx", fmt.Sprintf("postgres://%s@%s/pgbouncer?sslmode=disable&default_query_exec_mode=simple_protocol",
		b.user, b.addr()))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	rows, err := admin.QueryContext(context.Background(), "SHOW SERVERS")
	if err != nil {
		t.Fatalf("pgbouncer SHOW SERVERS: %v", err)
	}
	defer rows.Close()
	var pids []int64
	for rows.Next() {
		row := scanMap(t, rows)
		if row["database"] == database {
			pid, err := strconv.ParseInt(row["remote_pid"], 10, 64)
			if err != nil {
				t.Fatalf("pgbouncer SHOW SERVERS: remote_pid %q: %v", row["remote_pid"], err)
			}
			pids = append(pids, pid)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return pids
}

// scanMap reads the current row as text by column name.
func scanMap(t testing.TB, rows *sql.Rows) map[string]string {
	t.Helper()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	vals := make([]sql.NullString, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	if err := rows.Scan(dest...); err != nil {
		t.Fatal(err)
	}
	m := make(map[string]string, len(cols))
	for i, c := range cols {
		m[c] = vals[i].String
	}
	return m
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func write(t testing.TB, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
