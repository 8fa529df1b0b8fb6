package benchutil

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// heapObjects is the runtime metric PeakHeap samples: the memory held by
// heap objects, reachable or not yet collected.
const heapObjects = "/memory/classes/heap/objects:bytes"

// PeakHeap runs f once and returns the largest growth of the heap (bytes
// held by heap objects, live or not yet collected, as the garbage
// collector runs with the process's settings) over what it held before, as
// seen by sampling every 100µs, and f's error. It collects garbage before
// starting, so what an earlier call left is not counted. Sampling costs a
// little CPU; do not time f while it runs.
func PeakHeap(f func() error) (uint64, error) {
	runtime.GC()
	base := readHeap()
	stop, peak := make(chan struct{}), make(chan uint64)
	go func() {
		var most uint64
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			most = max(most, readHeap())
			select {
			case <-stop:
				peak <- max(most, readHeap())
				return
			case <-tick.C:
			}
		}
	}()
	err := f()
	close(stop)
	most := <-peak
	if most < base {
		return 0, err
	}
	return most - base, err
}

func readHeap() uint64 {
	s := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
