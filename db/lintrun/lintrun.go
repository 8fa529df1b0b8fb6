// Package lintrun lints a history's migrations: it renders them offline
// for PostgreSQL (package offline, as upgrade --sql does), reads each
// migration's acknowledgements from its source file in the migrations
// directory (package migdir's layout) and gives them to package lint.
//
// It is what the lint, check and revision commands run; an application
// that builds its own command line calls Migrations with its history.
// Its functions keep no state and are safe for concurrent use.
package lintrun

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/lint"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/offline"
	"github.com/matar-app/matardb/db/op"
)

// Options says what the migrations' code does not.
type Options struct {
	// Dir is the migrations directory, whose Go files hold the
	// acknowledgements (//matardb:lint-ok). Default migdir.DefaultDir. A
	// migration whose file is not there has none.
	Dir string
	// LockTimeout is the lock_timeout the migrator puts in force while a
	// migration runs: migrator.DefaultLockTimeout (10s) unless the
	// application sets another with migrator.WithStatementTimeouts. 0 means
	// none, which rule MDB111 reports.
	LockTimeout time.Duration
	// Together says the judged migrations will run together, in one
	// upgrade: the pending migrations of a database (see Pending). A table
	// an earlier one of them creates is then new, without rows, in the
	// later ones (lint.Options.Together). Run reads it.
	Together bool
}

// Migrations renders ms (a history's migrations, in order) offline for
// PostgreSQL and returns them as the linter reads them: every statement
// they send, package op's and their own Go code's. Those for which
// judged returns false are Baseline: read to learn the schema, not judged
// (give the applied ones, to lint only the pending). A migration whose Go
// code reads the database or fails offline is Opaque, saying what. It
// fails when the renderer cannot start, the directory cannot be read, or
// an acknowledgement is malformed.
func Migrations(ctx context.Context, ms []*history.Migration, judged func(id string) bool, opts Options) ([]lint.Migration, error) {
	acks, err := readAcks(opts.Dir)
	if err != nil {
		return nil, err
	}
	r, err := offline.New(dialect.Postgres)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := make([]lint.Migration, len(ms))
	for i, m := range ms {
		rendering := r.Render(ctx, m)
		out[i] = lint.Migration{
			ID: m.ID, Statements: statements(rendering.Issued), LockTimeout: opts.LockTimeout,
			Opaque: opaque(&rendering), Acks: acks[m.ID], Baseline: !judged(m.ID),
		}
	}
	return out, nil
}

// Generated is a migration that is written but not compiled in yet (the
// one Revision just wrote), as a history migration that applies up, for
// Migrations.
func Generated(id string, up []op.Op, noTransaction bool) *history.Migration {
	return &history.Migration{ID: id, NoTransaction: noTransaction,
		Migrate: func(tx *gorm.DB) error { return op.Apply(tx, up...) }}
}

// All judges every migration.
func All(string) bool { return true }

// Only judges the migrations named.
func Only(ids ...string) func(string) bool {
	set := map[string]bool{}
	for _, id := range ids {
		set[id] = true
	}
	return func(id string) bool { return set[id] }
}

func statements(ss []offline.Statement) []lint.Statement {
	out := make([]lint.Statement, len(ss))
	for i, s := range ss {
		out[i] = lint.Statement{SQL: s.SQL, InTransaction: s.InTransaction}
	}
	return out
}

// opaque says what of a rendering is not SQL the linter was given. The
// statements of a migration's own Go code are given (Issued) when it reads
// nothing and does not fail: nothing can then steer them.
func opaque(r *offline.Rendering) string {
	var parts []string
	if r.Err != nil {
		parts = append(parts, "running it offline failed: "+r.Err.Error())
	}
	if r.Reads {
		parts = append(parts, "its Go code reads the database, so what it does depends on the data")
	}
	return strings.Join(parts, "; ")
}

// readAcks reads the acknowledgements of every migration file in dir.
func readAcks(dir string) (map[string][]lint.Ack, error) {
	if dir == "" {
		dir = migdir.DefaultDir
	}
	sources, err := migdir.Scan(dir)
	if err != nil {
		return nil, fmt.Errorf("read the acknowledgements in %s: %w", dir, err)
	}
	out := make(map[string][]lint.Ack, len(sources))
	for _, s := range sources {
		path := filepath.Join(dir, s.Name)
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read the acknowledgements of migration %s: %w", s.ID, err)
		}
		acks, err := lint.ParseAcks(path, src)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", s.ID, err)
		}
		out[s.ID] = acks
	}
	return out, nil
}
