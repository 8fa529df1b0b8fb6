package db_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/benchutil"
	"github.com/matar-app/matardb/internal/testdb"
	"github.com/matar-app/matardb/migrations"
	"github.com/matar-app/matardb/models"
)

// These benchmarks measure matardb against its baselines in the same run:
// plain gormigrate v2 on the same history, and GORM's AutoMigrate. They
// report, besides time, "queries/op" (statements through GORM's
// callbacks), "stmts/op" (every statement pgx sends, BEGIN and COMMIT
// included) and, behind the delaying proxy, "roundtrips/op". They never
// fail on speed. See BENCHMARKS.md for the commands and the results.

// oneWay is the delay the proxy adds in each direction: a round trip costs
// 4 ms more, about what one costs between availability zones.
const oneWay = 2 * time.Millisecond

var benchCtx = context.Background()

// quiet is the logger the runs log to: nothing, as in a service whose
// logger is set to warnings.
var quiet = slog.New(slog.DiscardHandler)

// counted is a connection under measurement; proxy is nil when direct.
type counted struct {
	*benchutil.Conn
	proxy *benchutil.Proxy
}

func (c counted) roundTrips() int64 {
	if c.proxy == nil {
		return 0
	}
	return c.proxy.RoundTrips()
}

// measure runs op in a b.Loop and reports the statements per op.
func measure(b *testing.B, c counted, op func() error) {
	b.Helper()
	q, s, r := c.Queries(), c.Statements(), c.roundTrips()
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	reportCounts(b, c, q, s, r)
}

// reportCounts reports the statements sent since q, s and r, per op.
func reportCounts(b *testing.B, c counted, q, s, r int64) {
	n := float64(b.N)
	b.ReportMetric(float64(c.Queries()-q)/n, "queries/op")
	if c.proxy != nil || c.Statements() > s {
		b.ReportMetric(float64(c.Statements()-s)/n, "stmts/op")
	}
	if c.proxy != nil {
		b.ReportMetric(float64(c.roundTrips()-r)/n, "roundtrips/op")
	}
}

// runMatardb is what a replica calls at startup.
func runMatardb(gdb *gorm.DB, h *history.History, opts ...migrator.Option) func() error {
	return func() error {
		m, err := migrator.New(gdb, h, append([]migrator.Option{migrator.WithLogger(quiet)}, opts...)...)
		if err != nil {
			return err
		}
		return m.Up(benchCtx)
	}
}

// runGormigrate is the same with plain gormigrate, as its README shows it.
func runGormigrate(gdb *gorm.DB, h *history.History, useTransaction bool) func() error {
	ms := benchutil.Gormigrate(h)
	return func() error {
		opts := &gormigrate.Options{TableName: migrator.TableName, UseTransaction: useTransaction}
		return gormigrate.New(gdb, opts, ms).Migrate()
	}
}

// openPostgres opens a counted pool on url, through a proxy adding delay
// each way when delay is not zero. Both end with b.
func openPostgres(b *testing.B, url string, delay time.Duration) counted {
	b.Helper()
	var c counted
	if delay > 0 {
		c.proxy, url = benchutil.StartProxyFor(b, url, delay)
	}
	conn, err := benchutil.OpenPostgres(benchCtx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	c.Conn = conn
	return c
}

func openSQLite(b *testing.B, path string) counted {
	b.Helper()
	conn, err := benchutil.OpenSQLite(testdb.SQLiteDSN(path))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	return counted{Conn: conn}
}

// BenchmarkMigrateUpToDate measures the call every replica makes at every
// start once the database is up to date, with a history of N migrations:
// db.Migrate against plain gormigrate, which asks for each migration
// whether it ran. On PostgreSQL directly, through a proxy adding 2 ms
// each way (N ≥ 100), and on SQLite. The pools are warm: connecting is
// not measured here (see BenchmarkOpenAndMigrate).
func BenchmarkMigrateUpToDate(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			h := benchutil.MustTableHistory(b, n)
			url := testdb.PostgresURL(b)
			upToDate(b, "postgres", openPostgres(b, url, 0), h)
			if n >= 100 {
				upToDate(b, "postgres+4ms-rtt", openPostgres(b, url, oneWay), h)
			}
			upToDate(b, "sqlite", openSQLite(b, testdb.SQLitePath(b)), h)
		})
	}
}

// upToDate brings c up to date with h (once per database), then measures
// both runners finding nothing to do.
func upToDate(b *testing.B, name string, c counted, h *history.History) {
	if err := runMatardb(c.DB, h)(); err != nil {
		b.Fatal(err)
	}
	b.Run(name+"/matardb", func(b *testing.B) { measure(b, c, runMatardb(c.DB, h)) })
	b.Run(name+"/gormigrate", func(b *testing.B) { measure(b, c, runGormigrate(c.DB, h, false)) })
}

// BenchmarkMigrateFromEmpty measures applying 1,000 one-table migrations
// to an empty PostgreSQL database: db.Migrate (one transaction per
// migration, with and without its default lock_timeout), against
// gormigrate without a transaction (each migration and each row commits on
// its own) and with UseTransaction (one transaction for all). Creating the
// database is not timed.
func BenchmarkMigrateFromEmpty(b *testing.B) {
	const n = 1000
	b.Run(fmt.Sprintf("postgres/N=%d", n), func(b *testing.B) {
		h := benchutil.MustTableHistory(b, n)
		runners := []struct {
			name string
			run  func(*gorm.DB) func() error
		}{
			{"matardb", func(g *gorm.DB) func() error { return runMatardb(g, h) }},
			{"matardb-no-timeouts", func(g *gorm.DB) func() error {
				return runMatardb(g, h, migrator.WithStatementTimeouts(0, 0))
			}},
			{"gormigrate", func(g *gorm.DB) func() error { return runGormigrate(g, h, false) }},
			{"gormigrate-tx", func(g *gorm.DB) func() error { return runGormigrate(g, h, true) }},
		}
		for _, r := range runners {
			b.Run(r.name, func(b *testing.B) { fromEmpty(b, n, r.run) })
		}
	})
}

// fromEmpty times run on a fresh database per op and checks that it
// created the n tables.
func fromEmpty(b *testing.B, n int, run func(*gorm.DB) func() error) {
	var q, s float64
	for b.Loop() {
		b.StopTimer()
		c, err := benchutil.OpenPostgres(benchCtx, testdb.PostgresURL(b))
		if err != nil {
			b.Fatal(err)
		}
		q0, s0 := c.Queries(), c.Statements()
		b.StartTimer()
		err = run(c.DB)()
		b.StopTimer()
		if err == nil {
			q, s = q+float64(c.Queries()-q0), s+float64(c.Statements()-s0)
			err = countTables(c.DB, n)
		}
		c.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(q/float64(b.N), "queries/op")
	b.ReportMetric(s/float64(b.N), "stmts/op")
}

// countTables fails unless gdb has n bench_ tables.
func countTables(gdb *gorm.DB, n int) error {
	var got int64
	if err := gdb.Raw(`SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench\_%'`).Scan(&got).Error; err != nil {
		return err
	}
	if got != int64(n) {
		return fmt.Errorf("%d tables after the run, want %d", got, n)
	}
	return nil
}

// BenchmarkOpenAndMigrate measures a process start, connection included:
// open a pool, bring the schema up to date (it already is), close the
// pool. On the embedded SQLite default with Matar's history (what the
// quickstart pays at every start): db.Open and db.Migrate, beside opening
// and sending one query (the floor), GORM's sqlite driver with plain
// gormigrate on the same history, and GORM's AutoMigrate of Matar's models
// on a file AutoMigrate made. On PostgreSQL through the proxy adding 2 ms
// each way, with a history of 1,000 migrations: a replica starting in
// another availability zone. queries/op comes from one more, untimed, run.
func BenchmarkOpenAndMigrate(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchStartups(b, nil, sqliteStartups(b)) })
	b.Run("postgres+4ms-rtt/N=1000", func(b *testing.B) {
		h := benchutil.MustTableHistory(b, 1000)
		url := testdb.PostgresURL(b)
		if err := runMatardb(openPostgres(b, url, 0).DB, h)(); err != nil {
			b.Fatal(err)
		}
		proxy, proxied := benchutil.StartProxyFor(b, url, oneWay)
		benchStartups(b, proxy, postgresStartups(proxied, h))
	})
}

// startup is one way a process starts: open a pool, run one call on it.
type startup struct {
	name string
	open func() (*gorm.DB, error)
	run  func(*gorm.DB) error
}

func sqliteStartups(b *testing.B) []startup {
	h, err := migrations.All()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	path, gormPath := filepath.Join(dir, "matar.db"), filepath.Join(dir, "automigrate.db")
	openDB := func() (*gorm.DB, error) { return db.Open(benchCtx, "sqlite:"+path) }
	return []startup{
		{"matardb", openDB, func(g *gorm.DB) error { return db.Migrate(benchCtx, g, migrator.WithLogger(quiet)) }},
		{"open-and-select-1", openDB, selectOne},
		{"gormigrate", func() (*gorm.DB, error) { return gormOpen(sqlite.Open(testdb.SQLiteDSN(path))) },
			func(g *gorm.DB) error { return runGormigrate(g, h, false)() }},
		{"gorm-automigrate", func() (*gorm.DB, error) { return gormOpen(sqlite.Open(testdb.SQLiteDSN(gormPath))) },
			func(g *gorm.DB) error { return g.AutoMigrate(models.All()...) }},
	}
}

func postgresStartups(url string, h *history.History) []startup {
	openDB := func() (*gorm.DB, error) { return db.Open(benchCtx, url) }
	return []startup{
		{"matardb", openDB, func(g *gorm.DB) error { return runMatardb(g, h)() }},
		{"open-and-select-1", openDB, selectOne},
		{"gormigrate", func() (*gorm.DB, error) { return gormOpen(postgres.Open(url)) },
			func(g *gorm.DB) error { return runGormigrate(g, h, false)() }},
	}
}

func selectOne(g *gorm.DB) error { return g.Exec("SELECT 1").Error }

// gormOpen opens a pool as a GORM user would, and checks the connection
// as db.Open does.
func gormOpen(d gorm.Dialector) (*gorm.DB, error) {
	g, err := gorm.Open(d, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return nil, err
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, err
	}
	if err := sqlDB.PingContext(benchCtx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return g, nil
}

// benchStartups runs each startup once (bringing the databases up to date)
// and then measures each; proxy, if not nil, is the one the startups go
// through.
func benchStartups(b *testing.B, proxy *benchutil.Proxy, ss []startup) {
	for _, s := range ss {
		if _, err := s.once(false); err != nil {
			b.Fatalf("%s: %v", s.name, err)
		}
	}
	for _, s := range ss {
		b.Run(s.name, func(b *testing.B) {
			var trips int64
			if proxy != nil {
				trips = proxy.RoundTrips()
			}
			for b.Loop() {
				if _, err := s.once(false); err != nil {
					b.Fatal(err)
				}
			}
			if proxy != nil {
				b.ReportMetric(float64(proxy.RoundTrips()-trips)/float64(b.N), "roundtrips/op")
			}
			q, err := s.once(true)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(q), "queries/op")
		})
	}
}

// once opens, runs and closes, returning the statements the call sent
// through GORM's callbacks when count is set.
func (s startup) once(count bool) (int64, error) {
	gdb, err := s.open()
	if err != nil {
		return 0, err
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return 0, err
	}
	defer sqlDB.Close()
	var n int64
	if count {
		inc := func(*gorm.DB) { n++ }
		cb := gdb.Callback()
		cb.Query().After("gorm:query").Register("bench:count", inc)
		cb.Row().After("gorm:row").Register("bench:count", inc)
		cb.Raw().After("gorm:raw").Register("bench:count", inc)
		cb.Create().After("gorm:create").Register("bench:count", inc)
	}
	return n, s.run(gdb)
}

// BenchmarkStartupVersusAutoMigrate measures a backend's startup call on
// an up-to-date PostgreSQL database of K synthetic tables (ten columns, an
// index, a foreign key each): db.Migrate with a history whose one
// migration created them, against GORM's AutoMigrate of the models on a
// database AutoMigrate created.
func BenchmarkStartupVersusAutoMigrate(b *testing.B) {
	for _, k := range []int{10, 100, 500} {
		b.Run(fmt.Sprintf("postgres/tables=%d", k), func(b *testing.B) {
			ms, err := benchutil.Models(k)
			if err != nil {
				b.Fatal(err)
			}
			h := createAllHistory(b, ms)
			mc := openPostgres(b, testdb.PostgresURL(b), 0)
			gc := openPostgres(b, testdb.PostgresURL(b), 0)
			if err := runMatardb(mc.DB, h)(); err != nil {
				b.Fatal(err)
			}
			autoMigrate := func() error { return gc.DB.AutoMigrate(ms...) }
			if err := autoMigrate(); err != nil {
				b.Fatal(err)
			}
			b.Run("matardb", func(b *testing.B) { measure(b, mc, runMatardb(mc.DB, h)) })
			b.Run("gorm-automigrate", func(b *testing.B) { measure(b, gc, autoMigrate) })
		})
	}
}

// createAllHistory is a history of one migration creating the tables of
// models, as the autogenerator would write it.
func createAllHistory(b *testing.B, models []any) *history.History {
	parsed, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}, models...)
	if err != nil {
		b.Fatal(err)
	}
	to := parsed.Schema
	plan, err := autogen.Diff(&schema.Schema{}, to, autogen.Options{})
	if err != nil {
		b.Fatal(err)
	}
	h, err := history.New(history.Migration{ID: "000000000001", Message: "create the tables",
		Migrate: func(tx *gorm.DB) error { return op.Apply(tx, plan.Up...) }})
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// BenchmarkRoundTrip calibrates the proxy: one prepared SELECT, directly
// and through the proxy: what a single round trip costs.
func BenchmarkRoundTrip(b *testing.B) {
	url := testdb.PostgresURL(b)
	for _, delay := range []time.Duration{0, oneWay} {
		name := "postgres"
		if delay > 0 {
			name = "postgres+4ms-rtt"
		}
		b.Run(name, func(b *testing.B) {
			c := openPostgres(b, url, delay)
			var x int
			query := func() error { return c.DB.Raw("SELECT ?::integer", 1).Scan(&x).Error }
			if err := query(); err != nil { // prepares it
				b.Fatal(err)
			}
			measure(b, c, query)
		})
	}
}
