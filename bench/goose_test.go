package bench

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/internal/benchutil"
	"github.com/matar-app/matardb/internal/testdb"
)

// oneWay is the delay the proxy adds in each direction (a round trip of
// about 4.7 ms instead of 0.05 ms, see BenchmarkRoundTrip in benchutil).
const oneWay = 2 * time.Millisecond

var ctx = context.Background()

var quiet = slog.New(slog.DiscardHandler)

// gooseProvider is a goose v3 Provider running the same n one-table
// migrations as benchutil.TableMigrations, as Go migrations in a
// transaction each, with goose's PostgreSQL session locker.
func gooseProvider(b *testing.B, sqlDB *sql.DB, n int) *goose.Provider {
	b.Helper()
	ms := make([]*goose.Migration, n)
	for i := range ms {
		up := fmt.Sprintf(`CREATE TABLE "bench_%04d" (x integer)`, i+1)
		ms[i] = goose.NewGoMigration(int64(i+1),
			&goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error { _, err := tx.ExecContext(ctx, up); return err }},
			&goose.GoFunc{Mode: goose.TransactionEnabled})
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		b.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, nil,
		goose.WithGoMigrations(ms...), goose.WithDisableGlobalRegistry(true), goose.WithSessionLocker(locker))
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func gooseUp(p *goose.Provider) func() error {
	return func() error { _, err := p.Up(ctx); return err }
}

func matardbUp(c *benchutil.Conn, h *history.History) func() error {
	return func() error { return migrateUp(c.DB, h) }
}

// migrateUp brings gdb to the head of h with matardb's migrator, as
// db.Migrate does for Matar's history.
func migrateUp(gdb *gorm.DB, h *history.History) error {
	m, err := migrator.New(gdb, h, migrator.WithLogger(quiet))
	if err != nil {
		return err
	}
	return m.Up(ctx)
}

// selectOne is one round trip on a warm pool: the floor of any check.
func selectOne(sqlDB *sql.DB) func() error {
	return func() error {
		var one int
		return sqlDB.QueryRowContext(ctx, "SELECT 1", pgx.QueryExecModeSimpleProtocol).Scan(&one)
	}
}

// open opens a counted pool on url, through a proxy adding delay each way
// when delay is not zero; both end with b.
func open(b *testing.B, url string, delay time.Duration) (*benchutil.Conn, *benchutil.Proxy) {
	b.Helper()
	var p *benchutil.Proxy
	if delay > 0 {
		p, url = benchutil.StartProxyFor(b, url, delay)
	}
	c, err := benchutil.OpenPostgres(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return c, p
}

func sqlOf(b *testing.B, c *benchutil.Conn) *sql.DB {
	b.Helper()
	s, err := c.DB.DB()
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// measure runs op in a b.Loop and reports the round trips per op when p
// is not nil.
func measure(b *testing.B, p *benchutil.Proxy, op func() error) {
	b.Helper()
	var r int64
	if p != nil {
		r = p.RoundTrips()
	}
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	if p != nil {
		b.ReportMetric(float64(p.RoundTrips()-r)/float64(b.N), "roundtrips/op")
	}
}

// BenchmarkUpToDate measures the call every replica makes at every start
// once the database is up to date, on a warm pool, with N migrations:
// db.Migrate, goose's Provider.Up, and one SELECT 1 (one round trip, the
// floor), directly and through the proxy adding 2 ms each way. matardb and
// goose each have a database of their own, brought up to date first.
// matardb is measured against each in turn within each iteration
// (benchutil.Interleave), in two pairs: a local round trip drifts by more
// from one second to the next than the differences measured, and a third
// runner in the mix would move the other two (goose's call at 1,000
// migrations leaves 96 KB of garbage, collected during whatever runs
// next). Reported: each one's µs/op and round trips, matardb/select-1-x
// (the floor's multiple) in .../floor, matardb/goose-x in .../goose.
func BenchmarkUpToDate(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			h := benchutil.MustTableHistory(b, n)
			mURL, gURL := testdb.PostgresURL(b), testdb.PostgresURL(b)
			for _, delay := range []time.Duration{0, oneWay} {
				name := "postgres"
				if delay > 0 {
					name = "postgres+4ms-rtt"
				}
				mc, mp := open(b, mURL, delay)
				gc, gp := open(b, gURL, delay)
				gp2 := gooseProvider(b, sqlOf(b, gc), n)
				for _, run := range []func() error{matardbUp(mc, h), gooseUp(gp2)} {
					if err := run(); err != nil {
						b.Fatal(err)
					}
				}
				b.Run(name+"/floor", func(b *testing.B) {
					benchutil.Interleave(b, "us",
						benchutil.Way{Name: "select-1", Run: selectOne(sqlOf(b, mc)), Proxy: mp},
						benchutil.Way{Name: "matardb", Run: matardbUp(mc, h), Proxy: mp})
				})
				b.Run(name+"/goose", func(b *testing.B) {
					benchutil.Interleave(b, "us",
						benchutil.Way{Name: "goose", Run: gooseUp(gp2), Proxy: gp},
						benchutil.Way{Name: "matardb", Run: matardbUp(mc, h), Proxy: mp})
				})
			}
		})
	}
}

// BenchmarkProcessStart measures a process start through the proxy adding
// 2 ms each way, on an up-to-date database of 1,000 migrations: open a
// pool, run the startup call, close the pool. The floor is connecting and
// one query (pgx.Connect and one simple-protocol SELECT 1).
func BenchmarkProcessStart(b *testing.B) {
	const n = 1000
	h := benchutil.MustTableHistory(b, n)
	mURL, gURL := testdb.PostgresURL(b), testdb.PostgresURL(b)
	mc, _ := open(b, mURL, 0)
	gc, _ := open(b, gURL, 0)
	if err := matardbUp(mc, h)(); err != nil {
		b.Fatal(err)
	}
	if err := gooseUp(gooseProvider(b, sqlOf(b, gc), n))(); err != nil {
		b.Fatal(err)
	}
	mp, mProxied := benchutil.StartProxyFor(b, mURL, oneWay)
	gp, gProxied := benchutil.StartProxyFor(b, gURL, oneWay)
	b.Run("matardb", func(b *testing.B) {
		measure(b, mp, func() error {
			gdb, err := db.Open(ctx, mProxied)
			if err != nil {
				return err
			}
			defer closeGorm(gdb)
			return migrateUp(gdb, h)
		})
	})
	b.Run("goose", func(b *testing.B) {
		measure(b, gp, func() error {
			sqlDB, err := sql.Open("pgx", gProxied)
			if err != nil {
				return err
			}
			defer sqlDB.Close()
			return gooseUp(gooseProvider(b, sqlDB, n))()
		})
	})
	b.Run("connect-and-select-1", func(b *testing.B) {
		measure(b, mp, func() error {
			conn, err := pgx.Connect(ctx, mProxied)
			if err != nil {
				return err
			}
			defer conn.Close(ctx)
			_, err = conn.Exec(ctx, "SELECT 1", pgx.QueryExecModeSimpleProtocol)
			return err
		})
	})
}

// BenchmarkApply measures applying N one-table migrations to an empty
// database through the proxy adding 2 ms each way: db.Migrate against
// goose's Provider.Up. Creating the database is not timed.
func BenchmarkApply(b *testing.B) {
	const n = 100
	h := benchutil.MustTableHistory(b, n)
	runners := []struct {
		name string
		run  func(b *testing.B, c *benchutil.Conn) func() error
	}{
		{"matardb", func(b *testing.B, c *benchutil.Conn) func() error { return matardbUp(c, h) }},
		{"goose", func(b *testing.B, c *benchutil.Conn) func() error { return gooseUp(gooseProvider(b, sqlOf(b, c), n)) }},
	}
	for _, r := range runners {
		b.Run(fmt.Sprintf("postgres+4ms-rtt/N=%d/%s", n, r.name), func(b *testing.B) {
			var trips int64
			for b.Loop() {
				b.StopTimer()
				c, p := open(b, testdb.PostgresURL(b), oneWay)
				run := r.run(b, c)
				r0 := p.RoundTrips()
				b.StartTimer()
				if err := run(); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				trips += p.RoundTrips() - r0
				b.StartTimer()
			}
			b.ReportMetric(float64(trips)/float64(b.N), "roundtrips/op")
			b.ReportMetric(float64(trips)/float64(b.N)/n, "roundtrips/migration")
		})
	}
}

func closeGorm(gdb interface{ DB() (*sql.DB, error) }) {
	if s, err := gdb.DB(); err == nil {
		s.Close()
	}
}
