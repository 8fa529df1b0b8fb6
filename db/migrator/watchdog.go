package migrator

import (
	"sync"
	"time"
)

// A watchdog bounds short waits without a timer of their own. Arming a
// timer (a context with a deadline, a deadline on a socket) costs a wakeup
// of the runtime's network poller, which on a virtual machine costs about a
// tenth of a local round trip: as much as the up-to-date check's whole
// margin. The watchdog instead keeps the waits in progress, and one
// goroutine, running only while there are any, sleeps until the earliest
// deadline and expires what is overdue. A wait that ends in time costs a
// map insertion and deletion under a mutex. The goroutine wakes at least
// every watchdogTick, and ends at the first wake that finds no wait: it
// outlives the last wait by that much at most, not by the wait's bound
// (minutes), so a test checking for leaked goroutines does not find it.
type watchdog struct {
	mu      sync.Mutex
	waits   map[*watch]struct{}
	running bool
	wake    time.Time     // when the goroutine wakes next
	kick    chan struct{} // tells it of a deadline earlier than wake
}

// watchdogTick is the longest a watchdog's goroutine sleeps.
const watchdogTick = 100 * time.Millisecond

// A watch is one wait the watchdog bounds.
type watch struct {
	deadline time.Time
	expire   func() // called once, under the watchdog's mutex, when the deadline passes
	expired  bool
}

// start bounds a wait by deadline: expire is called if the wait has not
// stopped (w.stop) by then. expire must not block.
func (w *watchdog) start(deadline time.Time, expire func()) *watch {
	x := &watch{deadline: deadline, expire: expire}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.waits == nil {
		w.waits = make(map[*watch]struct{})
		w.kick = make(chan struct{}, 1)
	}
	w.waits[x] = struct{}{}
	switch {
	case !w.running:
		w.running, w.wake = true, soonest(deadline)
		go w.run()
	case deadline.Before(w.wake):
		w.wake = deadline
		select {
		case w.kick <- struct{}{}:
		default:
		}
	}
	return x
}

// then replaces x's expire, unless x has already expired (reported false).
func (w *watchdog) then(x *watch, expire func()) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if x.expired {
		return false
	}
	x.expire = expire
	return true
}

// stop ends x's wait and reports whether its deadline had passed (expire
// was called): after stop returns, expire is never called.
func (w *watchdog) stop(x *watch) (expired bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.waits, x)
	return x.expired
}

// run sleeps until the earliest deadline, expires the overdue waits, and
// returns when none is left.
func (w *watchdog) run() {
	w.mu.Lock()
	first := w.wake
	w.mu.Unlock()
	t := time.NewTimer(time.Until(first))
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-w.kick:
		}
		w.mu.Lock()
		now, next := time.Now(), time.Time{}
		for x := range w.waits {
			if !now.Before(x.deadline) {
				x.expired = true
				x.expire()
				delete(w.waits, x)
			} else if next.IsZero() || x.deadline.Before(next) {
				next = x.deadline
			}
		}
		if next.IsZero() {
			w.running = false
			w.mu.Unlock()
			return
		}
		wake := soonest(next)
		w.wake = wake
		w.mu.Unlock()
		t.Reset(time.Until(wake))
	}
}

// soonest is deadline, or the next tick when that comes first.
func soonest(deadline time.Time) time.Time {
	if tick := time.Now().Add(watchdogTick); tick.Before(deadline) {
		return tick
	}
	return deadline
}
