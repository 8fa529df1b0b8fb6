package autogen_test

import (
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	gschema "gorm.io/gorm/schema"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/benchutil"
)

// These benchmarks measure the autogenerator's work on synthetic model
// sets of K tables (ten columns, an index and a foreign key each; see
// benchutil.Models), with no database: what `matardb revision
// --autogenerate` and `matardb check` do, and each stage of it. The
// baseline in the same run is GORM's own parsing of the same models
// (BenchmarkAutogenStages/…/gorm-parse), the floor of loading them. They
// never fail on speed. See BENCHMARKS.md.

var sizes = []int{10, 100, 500, 1000}

const (
	firstID  = "000000000001"
	secondID = "000000000002"
)

var benchDate = time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)

func models(b *testing.B, k int, v2 bool) []any {
	b.Helper()
	get := benchutil.Models
	if v2 {
		get = benchutil.ModelsV2
	}
	ms, err := get(k)
	if err != nil {
		b.Fatal(err)
	}
	return ms
}

func newHistory(b *testing.B, ms ...history.Migration) *history.History {
	b.Helper()
	h, err := history.New(ms...)
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// firstRevision writes, into a new directory, the migration that creates
// the K tables of the first model set, and returns the directory and the
// history holding that migration: the state after a first revision.
func firstRevision(b *testing.B, k int) (string, *history.History) {
	b.Helper()
	dir := b.TempDir()
	req := revisionRequest(dir, newHistory(b), models(b, k, false), firstID)
	if _, err := autogen.Revision(req); err != nil {
		b.Fatal(err)
	}
	return dir, newHistory(b, history.Migration{ID: firstID, Message: req.Message, Migrate: func(*gorm.DB) error { return nil }})
}

func revisionRequest(dir string, h *history.History, ms []any, id string) autogen.RevisionRequest {
	return autogen.RevisionRequest{
		Dir: dir, GORM: pgRead, Message: "benchmark revision", Autogenerate: true, Models: ms, History: h.Chain(),
		Now: func() time.Time { return benchDate }, ID: func() string { return id },
	}
}

// BenchmarkRevision measures autogen.Revision as `matardb revision
// --autogenerate` runs it: read the snapshot, load the models, diff,
// replay the plan, render and gofmt the migration, write it with the new
// snapshot and sum file. "new-tables" creates K tables from an empty
// history; "add-column" adds a nullable column to each of the K-1 item
// tables of a history that created them; "half-new" creates the K/2
// tables missing from a history that created the other half, so that the
// diff looks tables up in two large schemas that differ. The files written
// are removed (untimed) after each op. It reports the operations generated ("ops")
// and, as BenchmarkCheck does, peak-heap-MB.
func BenchmarkRevision(b *testing.B) {
	for _, k := range sizes {
		b.Run(fmt.Sprintf("new-tables/K=%d", k), func(b *testing.B) {
			dir, ms := b.TempDir(), models(b, k, false)
			revise(b, dir, revisionRequest(dir, newHistory(b), ms, firstID))
		})
	}
	for _, k := range sizes {
		b.Run(fmt.Sprintf("add-column/K=%d", k), func(b *testing.B) {
			dir, h := firstRevision(b, k)
			revise(b, dir, revisionRequest(dir, h, models(b, k, true), secondID))
		})
	}
	const k = 1000
	b.Run(fmt.Sprintf("half-new/K=%d", k), func(b *testing.B) {
		dir, h := firstRevision(b, k/2)
		revise(b, dir, revisionRequest(dir, h, models(b, k, false), secondID))
	})
}

// revise times Revision(req) and puts dir back as it was after each op.
func revise(b *testing.B, dir string, req autogen.RevisionRequest) {
	b.Helper()
	restore := saveDir(b, dir)
	b.ReportAllocs()
	var ops int
	for b.Loop() {
		res, err := autogen.Revision(req)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if res.NoChanges {
			b.Fatal("Revision found no changes")
		}
		ops = len(res.Ops)
		restore()
		b.StartTimer()
	}
	b.ReportMetric(float64(ops), "ops")
	reportPeakHeap(b, func() error {
		defer restore()
		_, err := autogen.Revision(req)
		return err
	})
}

// reportPeakHeap runs f once more, untimed, and reports how much the heap
// grew at most while it ran (benchutil.PeakHeap), in MB.
func reportPeakHeap(b *testing.B, f func() error) {
	b.Helper()
	peak, err := benchutil.PeakHeap(f)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
}

// saveDir returns a function that restores dir's files to their current
// content and removes the files added since.
func saveDir(b *testing.B, dir string) func() {
	b.Helper()
	saved := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		saved[e.Name()] = data
	}
	return func() {
		entries, err := os.ReadDir(dir)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range entries {
			if _, ok := saved[e.Name()]; !ok {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
		for name, data := range saved {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCheck measures check with nothing changed (no database) on K
// synthetic tables, interleaved with its floor, GORM's own parse of the
// same models (benchutil.Interleave): check-ms/op, gorm-parse-ms/op and
// check/gorm-parse-x, and the peak heap of one extra, untimed check.
func BenchmarkCheck(b *testing.B) {
	for _, k := range sizes {
		b.Run(fmt.Sprintf("K=%d", k), func(b *testing.B) {
			dir, h := firstRevision(b, k)
			ms := models(b, k, false)
			req := autogen.CheckRequest{Dir: dir, GORM: pgRead, Models: ms, History: h.Chain()}
			b.ReportAllocs()
			benchutil.Interleave(b, "ms",
				benchutil.Way{Name: "gorm-parse", Run: func() error { return gormParse(ms) }},
				benchutil.Way{Name: "check", Run: func() error {
					res, err := autogen.Check(req)
					if err == nil && !res.OK() {
						err = fmt.Errorf("check found problems: %v", res.Problems("", ""))
					}
					return err
				}})
			reportPeakHeap(b, func() error { _, err := autogen.Check(req); return err })
		})
	}
}

// BenchmarkAutogenStages measures each stage of a revision on its own:
// GORM's parsing of the models alone (the floor of loading them),
// gormschema.Read, reading the models' rename hints, verifying the sum
// file against the migration file that created the tables, reading the
// snapshot, Diff of new tables and of equal schemas, Render (which replays
// the plan and gofmts), and gofmt alone on the rendered file.
func BenchmarkAutogenStages(b *testing.B) {
	for _, k := range []int{100, 1000} {
		b.Run(fmt.Sprintf("K=%d", k), func(b *testing.B) { stages(b, k) })
	}
}

func stages(b *testing.B, k int) {
	ms := models(b, k, false)
	parsed, err := gormschema.Read(&pgRead, ms...)
	if err != nil {
		b.Fatal(err)
	}
	to := parsed.Schema
	dir, _ := firstRevision(b, k)
	empty := &schema.Schema{}
	plan, err := autogen.Diff(empty, to, autogen.Options{})
	if err != nil {
		b.Fatal(err)
	}
	file := autogen.File{ID: firstID, Message: "benchmark revision", Date: benchDate, Up: plan.Up, Down: plan.Down}
	src, err := autogen.Render(file)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range []struct {
		name string
		run  func() error
	}{
		{"gorm-parse", func() error { return gormParse(ms) }},
		{"Read", func() error { _, err := gormschema.Read(&pgRead, ms...); return err }},
		{"sum-verify", func() error { _, err := migdir.Verify(dir); return err }},
		{"ReadSnapshot", func() error {
			_, err := migdir.ReadSnapshot(dir)
			return err
		}},
		{"Diff-new-tables", func() error { _, err := autogen.Diff(empty, to, autogen.Options{}); return err }},
		{"Diff-no-change", func() error { _, err := autogen.Diff(to, to, autogen.Options{}); return err }},
		{"Render", func() error { _, err := autogen.Render(file); return err }},
		{"gofmt", func() error { _, err := format.Source(src); return err }},
	} {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := s.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// gormParse parses models with GORM's parser and a fresh cache, as
// gormschema.Read starts by doing.
func gormParse(ms []any) error {
	cache := &sync.Map{}
	for _, m := range ms {
		if _, err := gschema.Parse(m, cache, gormschema.DefaultNaming); err != nil {
			return err
		}
	}
	return nil
}

// pgRead reads models for PostgreSQL, as the command line does, through
// GORM's own dialector.
var pgRead = gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}
