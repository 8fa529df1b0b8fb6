package offline

import (
	"context"
	"errors"
	"fmt"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/replay"
)

// Renderer runs migrations offline and records what they issue.
type Renderer struct {
	gdb       *gorm.DB
	collected []issued
}

// issued is one statement a migration issued.
type issued struct {
	Statement
	read   bool // a query; not part of the script
	fromOp bool // issued by package op
}

// Statement is one statement of package op that a migration issued.
type Statement struct {
	SQL string
	// InTransaction is true when the statement ran inside a transaction.
	InTransaction bool
}

// Rendering is the outcome of running one migration offline.
type Rendering struct {
	SQL     []Statement // the statements of package op, in order
	Foreign []string    // statements issued by the migration's own Go code
	// Issued is every statement but the reads, package op's and the Go
	// code's own, in the order they were sent.
	Issued []Statement
	Reads  bool  // the Go code read from the database
	Err    error // Migrate failed or panicked
}

// Renderable reports whether SQL is the migration's whole effect.
func (r *Rendering) Renderable() bool { return len(r.Foreign) == 0 && !r.Reads && r.Err == nil }

// Failure returns Err when it is the migration's own failure (or a
// panic), and nil when Err is only the offline renderer refusing what
// needs a database server: a read on PostgreSQL, which Reads reports. A
// script must not be printed past a failure: the migration would be
// recorded applied without its steps.
func (r *Rendering) Failure() error {
	if r.Err == nil || errors.Is(r.Err, gorm.ErrDryRunModeUnsupported) || errors.Is(r.Err, errOffline) {
		return nil
	}
	return r.Err
}

// New returns a renderer for dialect d. Close it when done.
func New(d dialect.Dialect) (*Renderer, error) {
	var dialector gorm.Dialector
	cfg := &gorm.Config{Logger: logger.Discard, DisableAutomaticPing: true, SkipDefaultTransaction: true}
	switch d {
	case dialect.Postgres:
		dialector = postgres.New(postgres.Config{Conn: replay.RefusingPool(errOffline)})
		cfg.DryRun = true
	case dialect.SQLite:
		dialector = sqlite.Open(":memory:")
	default:
		return nil, fmt.Errorf("unsupported dialect %q", d)
	}
	gdb, err := gorm.Open(dialector, cfg)
	if err != nil {
		return nil, fmt.Errorf("prepare the offline %s renderer: %w", d, err)
	}
	if sqlDB, err := gdb.DB(); err == nil {
		sqlDB.SetMaxOpenConns(1) // one in-memory SQLite database, not one per connection
	}
	o := &Renderer{gdb: gdb}
	if err := o.register(); err != nil {
		o.Close()
		return nil, err
	}
	return o, nil
}

// register records every statement GORM builds, whatever API issued it.
func (o *Renderer) register() error {
	cb := o.gdb.Callback()
	const name = "matardb:offline"
	err := errors.Join(
		cb.Raw().After("gorm:raw").Register(name, o.collect(false)),
		cb.Create().After("gorm:create").Register(name, o.collect(false)),
		cb.Update().After("gorm:update").Register(name, o.collect(false)),
		cb.Delete().After("gorm:delete").Register(name, o.collect(false)),
		cb.Query().After("gorm:query").Register(name, o.collect(true)),
		cb.Row().After("gorm:row").Register(name, o.collect(true)),
	)
	if err != nil {
		return fmt.Errorf("prepare the offline renderer: %w", err)
	}
	return nil
}

func (o *Renderer) collect(read bool) func(*gorm.DB) {
	return func(tx *gorm.DB) {
		q := tx.Statement.SQL.String()
		if q == "" {
			return
		}
		q = tx.Dialector.Explain(q, tx.Statement.Vars...)
		_, inTx := tx.Statement.ConnPool.(gorm.TxCommitter)
		o.collected = append(o.collected, issued{Statement: Statement{SQL: q, InTransaction: inTx},
			read: read, fromOp: op.Issued(tx.Statement.Context)})
	}
}

// Render runs m's Migrate as the migrator would (in a transaction unless
// m is NoTransaction) and sorts what it issued. A panic in Migrate is
// reported in Err.
func (o *Renderer) Render(ctx context.Context, m *history.Migration) Rendering {
	return o.renderFunc(ctx, m, m.Migrate)
}

// RenderRollback runs m's Rollback as Render runs its Migrate; a migration
// without Rollback is reported in Err.
func (o *Renderer) RenderRollback(ctx context.Context, m *history.Migration) Rendering {
	if m.Rollback == nil {
		return Rendering{Err: fmt.Errorf("migration %s has no Rollback: it cannot be rolled back", m.ID)}
	}
	return o.renderFunc(ctx, m, m.Rollback)
}

// renderFunc runs fn, m's Migrate or Rollback, and sorts what it issued.
func (o *Renderer) renderFunc(ctx context.Context, m *history.Migration, fn func(*gorm.DB) error) (r Rendering) {
	o.collected = nil
	defer func() {
		if p := recover(); p != nil {
			r.Err = fmt.Errorf("panic: %v", p)
		}
		r.sort(o.collected)
	}()
	if m.NoTransaction {
		r.Err = fn(o.gdb.WithContext(ctx))
		return r
	}
	r.Err = o.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return fn(tx) })
	return r
}

func (r *Rendering) sort(stmts []issued) {
	for _, s := range stmts {
		if !s.read {
			r.Issued = append(r.Issued, s.Statement)
		}
		switch {
		case s.read:
			r.Reads = r.Reads || !s.fromOp
		case s.fromOp:
			r.SQL = append(r.SQL, s.Statement)
		default:
			r.Foreign = append(r.Foreign, s.SQL)
		}
	}
}

// Close releases the renderer's in-memory database.
func (o *Renderer) Close() error {
	sqlDB, err := o.gdb.DB()
	if err != nil {
		return fmt.Errorf("close the offline renderer: %w", err)
	}
	return sqlDB.Close()
}
