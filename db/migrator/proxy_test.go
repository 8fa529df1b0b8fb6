package migrator

import (
	"io"
	"net"
	"sync"
	"testing"
)

// proxy forwards loopback connections to a server until silenced: then
// it accepts new connections without a word and, if told so, stops
// forwarding on the open ones too, as a server that stopped answering. A
// connection closed on one side is closed on the other.
type proxy struct {
	addr, target string
	mu           sync.Mutex
	newSilent    bool
	allSilent    bool
	conns        []net.Conn
}

// startProxy listens on loopback in front of target until t ends.
func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: l.Addr().String(), target: target}
	t.Cleanup(func() {
		l.Close()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, c := range p.conns {
			c.Close()
		}
	})
	go p.serve(l)
	return p
}

// silence makes new connections silent and, with existing, the open ones.
func (p *proxy) silence(existing bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.newSilent, p.allSilent = true, existing
}

func (p *proxy) serve(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.conns = append(p.conns, c)
		silent := p.newSilent
		p.mu.Unlock()
		if silent {
			go io.Copy(io.Discard, c)
			continue
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, s)
		p.mu.Unlock()
		go p.pipe(s, c)
		go p.pipe(c, s)
	}
}

// pipe copies src to dst, dropping what it reads once everything is
// silent, and closes both when src ends.
func (p *proxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		p.mu.Lock()
		silent := p.allSilent
		p.mu.Unlock()
		if n > 0 && !silent {
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
