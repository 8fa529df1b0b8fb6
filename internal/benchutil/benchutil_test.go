package benchutil

import (
	"context"
	"testing"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/internal/testdb"
)

func TestModelsAreDistinctTablesWithTenColumnsAnIndexAndAForeignKey(t *testing.T) {
	for _, v := range []struct {
		name    string
		models  func(int) ([]any, error)
		columns int
	}{{"v1", Models, 10}, {"v2", ModelsV2, 11}} {
		ms, err := v.models(MaxTables)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}, ms...)
		if err != nil {
			t.Fatal(err)
		}
		s := parsed.Schema
		if len(s.Tables) != MaxTables {
			t.Fatalf("%s: %d tables, want %d", v.name, len(s.Tables), MaxTables)
		}
		for _, name := range []string{"item_000", "item_537", "item_999"} {
			tb := s.Table(name)
			if tb == nil {
				t.Fatalf("%s: no table %s", v.name, name)
			}
			if len(tb.Columns) != v.columns || len(tb.Indexes) != 1 || len(tb.ForeignKeys) != 1 || tb.ForeignKeys[0].RefTable != "account" {
				t.Errorf("%s: table %s has %d columns, %d indexes, foreign keys %+v; want %d, 1 and one to account",
					v.name, name, len(tb.Columns), len(tb.Indexes), tb.ForeignKeys, v.columns)
			}
		}
	}
}

func TestModelsRefusesSizesItDoesNotHave(t *testing.T) {
	for _, n := range []int{0, MaxTables + 1} {
		if _, err := Models(n); err == nil {
			t.Errorf("Models(%d) did not fail", n)
		}
	}
}

func TestTableHistoryIsAChainGormigrateApplies(t *testing.T) {
	h, err := TableHistory(3)
	if err != nil {
		t.Fatal(err)
	}
	if h.Len() != 3 || h.Head() != "000000000003" {
		t.Fatalf("history of %d migrations with head %s, want 3 and 000000000003", h.Len(), h.Head())
	}
	gdb := testdb.Postgres(t)
	if err := gormigrate.New(gdb, &gormigrate.Options{}, Gormigrate(h)).Migrate(); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := gdb.Raw(`SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench\_%'`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("%d bench_ tables after the migrations, want 3", n)
	}
}

func TestProxyDelaysEachRoundTripAndCountsThem(t *testing.T) {
	url := testdb.PostgresURL(t)
	target, err := HostPort(url)
	if err != nil {
		t.Fatal(err)
	}
	const delay = 5 * time.Millisecond
	p, err := StartProxy(target, delay)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	proxied, err := ViaProxy(url, p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	c, err := OpenPostgres(context.Background(), proxied)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	query := func(i int) {
		t.Helper()
		var got int
		if err := c.DB.Raw("SELECT ?::integer", i).Scan(&got).Error; err != nil || got != i {
			t.Fatalf("SELECT %d through the proxy gave %d, %v", i, got, err)
		}
	}
	// pgx prepares a statement the first time a connection sends it (one
	// round trip for Parse and Describe) and then only executes it.
	trips := p.RoundTrips()
	query(0)
	if got := p.RoundTrips() - trips; got != 2 {
		t.Errorf("the proxy counted %d round trips for the first query, want 2 (prepare, execute)", got)
	}
	const queries = 10
	trips, q, stmts := p.RoundTrips(), c.Queries(), c.Statements()
	start := time.Now()
	for i := range queries {
		query(i)
	}
	elapsed := time.Since(start)
	if elapsed < queries*2*delay {
		t.Errorf("%d queries took %v through a proxy adding %v each way, want at least %v", queries, elapsed, delay, queries*2*delay)
	}
	if got := p.RoundTrips() - trips; got != queries {
		t.Errorf("the proxy counted %d round trips for %d executions of a prepared query", got, queries)
	}
	if c.Queries()-q != queries || c.Statements()-stmts != queries {
		t.Errorf("counted %d queries and %d statements, want %d of each", c.Queries()-q, c.Statements()-stmts, queries)
	}
}

func TestProxyCloseEndsItsConnections(t *testing.T) {
	url := testdb.PostgresURL(t)
	target, _ := HostPort(url)
	p, err := StartProxy(target, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	proxied, _ := ViaProxy(url, p.Addr())
	c, err := OpenPostgres(context.Background(), proxied)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	done := make(chan error, 1)
	go func() { done <- p.Close() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return with a connection open")
	}
	if err := c.DB.Exec("SELECT 1").Error; err == nil {
		t.Error("a query through a closed proxy succeeded")
	}
}

func TestPeakHeapSeesWhatARunHolds(t *testing.T) {
	const size = 64 << 20
	var keep []byte
	peak, err := PeakHeap(func() error {
		keep = make([]byte, size)
		keep[size-1] = 1
		time.Sleep(2 * time.Millisecond)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if peak < size || peak > 2*size {
		t.Errorf("PeakHeap saw %d bytes for a run holding %d", peak, size)
	}
	if keep[size-1] != 1 {
		t.Fatal("the buffer was not written")
	}
}

// Interleave runs every way once per iteration and reports each one's
// mean and its ratio to the first.
func TestInterleaveRunsEachWayOncePerIterationAndReportsRatios(t *testing.T) {
	var fast, slow int
	r := testing.Benchmark(func(b *testing.B) {
		fast, slow = 0, 0
		Interleave(b, "us",
			Way{Name: "fast", Run: func() error { fast++; return nil }},
			Way{Name: "slow", Run: func() error { slow++; time.Sleep(50 * time.Microsecond); return nil }})
	})
	if r.N == 0 || fast != r.N || slow != r.N {
		t.Fatalf("N = %d, fast ran %d times, slow %d", r.N, fast, slow)
	}
	for _, m := range []string{"fast-us/op", "slow-us/op", "slow/fast-x"} {
		if _, ok := r.Extra[m]; !ok {
			t.Errorf("metric %s not reported: %v", m, r.Extra)
		}
	}
	if r.Extra["slow/fast-x"] <= 1 || r.Extra["slow-us/op"] < 50 {
		t.Errorf("slow/fast = %v, slow = %v µs/op: the slow way was not measured as slower", r.Extra["slow/fast-x"], r.Extra["slow-us/op"])
	}
}
