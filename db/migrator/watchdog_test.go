package migrator

import (
	"sync/atomic"
	"testing"
	"time"
)

// expiry counts the calls of a watch's expire.
func expiry() (*atomic.Int32, func()) {
	var n atomic.Int32
	return &n, func() { n.Add(1) }
}

// eventually waits up to 5 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("after 5s: %s", what)
		}
	}
}

func TestWatchdogExpiresOnlyTheWaitsPastTheirDeadline(t *testing.T) {
	t.Parallel()
	var w watchdog
	lateN, late := expiry()
	soonN, soon := expiry()
	x := w.start(time.Now().Add(time.Hour), late)
	// Started second with an earlier deadline: the goroutine, asleep until
	// the first one's, must wake for it.
	y := w.start(time.Now().Add(20*time.Millisecond), soon)
	eventually(t, "the 20 ms wait has not expired", func() bool { return soonN.Load() == 1 })
	if !w.stop(y) {
		t.Error("stop of the expired wait reports it did not expire")
	}
	if w.stop(x) || lateN.Load() != 0 {
		t.Errorf("the hour-long wait expired (%d calls)", lateN.Load())
	}
	if soonN.Load() != 1 {
		t.Errorf("expire was called %d times, want once", soonN.Load())
	}
}

// The goroutine ends soon after the last wait stops, not when that wait's
// bound (an hour here, minutes by default) would have passed: a test
// checking for leaked goroutines must not find it.
func TestWatchdogStopsWhenNoWaitIsLeftAndStartsAgain(t *testing.T) {
	t.Parallel()
	var w watchdog
	running := func() bool { w.mu.Lock(); defer w.mu.Unlock(); return w.running }
	n, f := expiry()
	w.stop(w.start(time.Now().Add(time.Hour), f))
	eventually(t, "the watchdog still runs with no wait left", func() bool { return !running() })
	if n.Load() != 0 {
		t.Errorf("a wait stopped in time expired (%d calls)", n.Load())
	}
	x := w.start(time.Now().Add(10*time.Millisecond), f)
	eventually(t, "a wait started after the watchdog stopped has not expired", func() bool { return n.Load() == 1 })
	if !w.stop(x) {
		t.Error("stop of the expired wait reports it did not expire")
	}
}

func TestWatchdogThenReplacesExpireUnlessExpired(t *testing.T) {
	t.Parallel()
	var w watchdog
	firstN, first := expiry()
	thenN, then := expiry()
	x := w.start(time.Now().Add(20*time.Millisecond), first)
	if !w.then(x, then) {
		t.Fatal("then refused a wait that had not expired")
	}
	eventually(t, "the replaced expire was not called", func() bool { return thenN.Load() == 1 })
	if firstN.Load() != 0 {
		t.Error("the replaced expire was called")
	}
	if w.then(x, first) {
		t.Error("then accepted a wait that had expired")
	}
	w.stop(x)
}
