package benchutil

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy forwards TCP connections from a listener on 127.0.0.1 to a
// PostgreSQL server, holding every chunk of bytes for Delay in each
// direction before passing it on, so that each round trip costs 2×Delay
// more, as it does between availability zones. Chunks are not throttled:
// bytes read while earlier ones wait are queued behind them, in order.
//
// It also counts the round trips it sees: the ReadyForQuery messages the
// server sends, one per simple query or extended-protocol Sync (and one at
// the end of each connection's startup). Connect to it with
// sslmode=disable, or the count is meaningless.
//
// Its methods are safe for concurrent use. Close stops it.
type Proxy struct {
	Delay  time.Duration
	target string
	ln     net.Listener
	ready  atomic.Int64
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	silent atomic.Bool
}

// StartProxy listens on a free port of 127.0.0.1 and forwards each
// connection to target (host:port) with delay added each way.
func StartProxy(target string, delay time.Duration) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("proxy to %s: %w", target, err)
	}
	p := &Proxy{Delay: delay, target: target, ln: ln, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the address clients connect to, host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// RoundTrips returns the number of ReadyForQuery messages the server has
// sent through the proxy so far.
func (p *Proxy) RoundTrips() int64 { return p.ready.Load() }

// Silence makes the proxy drop every byte it reads from then on, in both
// directions, keeping the connections open: a server that stops answering
// (a frozen host, a partition) as its clients see it.
func (p *Proxy) Silence() { p.silent.Store(true) }

// Close stops listening, closes every connection and waits for the
// forwarding goroutines to end.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go p.serve(client)
	}
}

// track remembers c so that Close can close it; false once closed.
func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
}

// serve forwards one client connection until either side ends.
func (p *Proxy) serve(client net.Conn) {
	defer p.wg.Done()
	if !p.track(client) {
		return
	}
	defer p.untrack(client)
	server, err := net.Dial("tcp", p.target)
	if err != nil || !p.track(server) {
		return
	}
	defer p.untrack(server)
	var both sync.WaitGroup
	both.Add(2)
	go func() { defer both.Done(); p.pipe(server, client, nil) }()
	go func() { defer both.Done(); p.pipe(client, server, &readyCounter{n: &p.ready}) }()
	both.Wait()
}

// chunk is bytes read from one side, due on the other side at due.
type chunk struct {
	data []byte
	due  time.Time
}

// pipe copies src to dst through a delay line; watch, if not nil, sees the
// bytes as they are read. When src ends, dst is half-closed after the
// queued bytes are written.
func (p *Proxy) pipe(dst, src net.Conn, watch io.Writer) {
	queue := make(chan chunk, 4096)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for c := range queue {
			time.Sleep(time.Until(c.due))
			if _, err := dst.Write(c.data); err != nil {
				src.Close()
				for range queue {
				}
				return
			}
		}
		if tc, ok := dst.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
	}()
	for {
		buf := make([]byte, 32<<10)
		n, err := src.Read(buf)
		if n > 0 && !p.silent.Load() {
			if watch != nil {
				watch.Write(buf[:n])
			}
			queue <- chunk{data: buf[:n], due: time.Now().Add(p.Delay)}
		}
		if err != nil {
			break
		}
	}
	close(queue)
	<-done
}

// readyCounter parses the server's side of the PostgreSQL protocol (type
// byte, int32 length including itself, body) and counts ReadyForQuery ('Z')
// messages. It never fails.
type readyCounter struct {
	n      *atomic.Int64
	header []byte // the partial header of the message being read
	skip   int    // body bytes of the current message still to come
}

func (r *readyCounter) Write(b []byte) (int, error) {
	total := len(b)
	for len(b) > 0 {
		if r.skip > 0 {
			k := min(r.skip, len(b))
			r.skip, b = r.skip-k, b[k:]
			continue
		}
		k := min(5-len(r.header), len(b))
		r.header, b = append(r.header, b[:k]...), b[k:]
		if len(r.header) < 5 {
			break
		}
		if r.header[0] == 'Z' {
			r.n.Add(1)
		}
		r.skip = max(int(binary.BigEndian.Uint32(r.header[1:5]))-4, 0)
		r.header = r.header[:0]
	}
	return total, nil
}
