// Package traffic puts a table under write load on a real PostgreSQL
// server and measures how long each write waits, so that tests can show
// which migration statements block a busy table and which do not.
//
// A Writer inserts rows on a connection of its own, one statement at a
// time, timing each, until it is stopped, its count is reached or its time
// is up; it never runs unbounded. It is used from one goroutine (the test's)
// while its own goroutine writes.
//
// Tables and the Changes (AddIndex, AddForeignKey, MakeNotNull) are the
// busy tables and the model changes on them whose generated migrations
// (Generate: the plain and the safe form) the tests apply and lint.
package traffic

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Write is one insert the Writer made: when it started and how long it took.
type Write struct {
	At   time.Time
	Took time.Duration
}

// Limits bound a Writer. The zero value means 20 000 inserts, 30 s, and a
// 1 ms pause between inserts.
type Limits struct {
	MaxWrites int
	MaxTime   time.Duration
	Pause     time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.MaxWrites <= 0 {
		l.MaxWrites = 20000
	}
	if l.MaxTime <= 0 {
		l.MaxTime = 30 * time.Second
	}
	if l.Pause <= 0 {
		l.Pause = time.Millisecond
	}
	return l
}

// Writer inserts rows in a loop on its own connection and times each insert.
type Writer struct {
	cancel context.CancelFunc
	done   chan struct{}
	writes []Write
	err    error
}

// InsertFunc makes the n-th insert on conn.
type InsertFunc func(ctx context.Context, conn *pgx.Conn, n int) error

// Start connects to url and inserts with insert until Stop, lim's count or
// lim's time. Each insert may wait for locks at most lim.MaxTime.
func Start(ctx context.Context, url string, lim Limits, insert InsertFunc) (*Writer, error) {
	lim = lim.withDefaults()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("traffic: connect the writer: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lim.MaxTime)
	w := &Writer{cancel: cancel, done: make(chan struct{})}
	go w.run(ctx, conn, lim, insert)
	return w, nil
}

func (w *Writer) run(ctx context.Context, conn *pgx.Conn, lim Limits, insert InsertFunc) {
	defer close(w.done)
	defer conn.Close(context.WithoutCancel(ctx))
	for n := 0; n < lim.MaxWrites; n++ {
		start := time.Now()
		err := insert(ctx, conn, n)
		if ctx.Err() != nil {
			return // stopped or out of time: the last insert was interrupted, not slow
		}
		if err != nil {
			w.err = fmt.Errorf("traffic: insert %d: %w", n, err)
			return
		}
		w.writes = append(w.writes, Write{At: start, Took: time.Since(start)})
		select {
		case <-ctx.Done():
			return
		case <-time.After(lim.Pause):
		}
	}
}

// Stop ends the writer, waits for it and returns the inserts it made, in
// order, and the error that stopped it early, if any.
func (w *Writer) Stop() ([]Write, error) {
	w.cancel()
	<-w.done
	if w.err != nil && !errors.Is(w.err, context.Canceled) {
		return w.writes, w.err
	}
	return w.writes, nil
}

// Window summarises the inserts that were in flight between from and to.
type Window struct {
	Writes  int           // inserts in flight at some moment of the window
	MaxWait time.Duration // the longest of them
}

// During returns what the inserts in flight between from and to saw.
func During(writes []Write, from, to time.Time) Window {
	var w Window
	for _, x := range writes {
		if x.At.After(to) || x.At.Add(x.Took).Before(from) {
			continue
		}
		w.Writes++
		w.MaxWait = max(w.MaxWait, x.Took)
	}
	return w
}
