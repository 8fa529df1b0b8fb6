// Package silentserver is a TCP server on loopback that accepts every
// connection and never answers, for tests that a client gives up in time.
// It closes its connections and stops when the test ends. Safe for
// concurrent use.
package silentserver

import (
	"io"
	"net"
	"sync"
	"testing"
)

// Start listens on a free loopback port and returns its address
// (127.0.0.1:PORT).
func Start(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go io.Copy(io.Discard, c) // read what the client says, say nothing
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}
