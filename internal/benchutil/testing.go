package benchutil

import (
	"testing"
	"time"

	"github.com/matar-app/matardb/db/history"
)

// StartProxyFor starts a proxy to url's server adding delay each way,
// stopped when tb ends, and returns it with url rewritten to go through it.
func StartProxyFor(tb testing.TB, url string, delay time.Duration) (*Proxy, string) {
	tb.Helper()
	target, err := HostPort(url)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := StartProxy(target, delay)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { p.Close() })
	proxied, err := ViaProxy(url, p.Addr())
	if err != nil {
		tb.Fatal(err)
	}
	return p, proxied
}

// MustTableHistory is TableHistory(n), failing tb on error.
func MustTableHistory(tb testing.TB, n int) *history.History {
	tb.Helper()
	h, err := TableHistory(n)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}
