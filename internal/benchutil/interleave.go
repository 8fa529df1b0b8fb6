package benchutil

import (
	"math/rand/v2"
	"testing"
	"time"
)

// Way is one of the things a benchmark compares: Run does it once. When
// Proxy is set, the round trips through it during Run are reported too.
type Way struct {
	Name  string
	Run   func() error
	Proxy *Proxy
}

// Interleave runs each way once per iteration of b, in a new random order
// each time (from a fixed seed), so that all of them share the machine's
// moods (a figure taken in a run of its own drifts by more than the
// differences measured) and each follows every other equally often (what
// ran just before, its garbage and its caches, moves a local round trip by
// a few per cent). It reports each way's mean time as "<name>-<unit>/op" (unit
// "us" or "ms"), its round trips as "<name>-roundtrips/op" when it has a
// proxy, and each later way's time over the first's as
// "<name>/<first>-x". It returns the mean times.
func Interleave(b *testing.B, unit string, ways ...Way) []time.Duration {
	b.Helper()
	scale := map[string]float64{"us": 1e3, "ms": 1e6}[unit]
	if scale == 0 {
		b.Fatalf("Interleave: unit %q is not us or ms", unit)
	}
	spent := make([]time.Duration, len(ways))
	trips := make([]int64, len(ways))
	order := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		for _, k := range order.Perm(len(ways)) {
			w := ways[k]
			var r0 int64
			if w.Proxy != nil {
				r0 = w.Proxy.RoundTrips()
			}
			start := time.Now()
			if err := w.Run(); err != nil {
				b.Fatalf("%s: %v", w.Name, err)
			}
			spent[k] += time.Since(start)
			if w.Proxy != nil {
				trips[k] += w.Proxy.RoundTrips() - r0
			}
		}
	}
	means := make([]time.Duration, len(ways))
	for k, w := range ways {
		means[k] = spent[k] / time.Duration(b.N)
		b.ReportMetric(float64(spent[k].Nanoseconds())/scale/float64(b.N), w.Name+"-"+unit+"/op")
		if w.Proxy != nil {
			b.ReportMetric(float64(trips[k])/float64(b.N), w.Name+"-roundtrips/op")
		}
		if k > 0 {
			b.ReportMetric(float64(spent[k])/float64(spent[0]), w.Name+"/"+ways[0].Name+"-x")
		}
	}
	return means
}
