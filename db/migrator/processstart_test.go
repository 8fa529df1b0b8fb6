package migrator

import (
	"testing"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/internal/benchutil"
	"github.com/matar-app/matardb/internal/testdb"
)

// A process start on an up-to-date PostgreSQL database waits for the
// server twice: the startup exchange (which is Open's check) and the
// digest. No ping, no prepare.
func TestAProcessStartOnAnUpToDatePostgresWaitsTwice(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	h := mustHistory(t, checksummed(20, "")...)
	start := func(u string) {
		gdb, err := connect.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { sqlDB, _ := gdb.DB(); sqlDB.Close() }()
		opts, _ := testOpts(h)
		if err := testMigrate(ctx, gdb, opts...); err != nil {
			t.Fatal(err)
		}
	}
	start(url)
	target, err := benchutil.HostPort(url)
	if err != nil {
		t.Fatal(err)
	}
	p, err := benchutil.StartProxy(target, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	proxied, err := benchutil.ViaProxy(url, p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	start(proxied)
	if got := p.RoundTrips(); got != 2 {
		t.Errorf("a process start waited for the server %d times, want 2 (connect, the digest)", got)
	}
}
