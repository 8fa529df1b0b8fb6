package cli

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

// An offline renderer runs migrations without a database server and
// records the SQL they issue, for upgrade --sql.
//
// PostgreSQL: GORM in DryRun mode on a connection pool that refuses every
// call, so statements are built and recorded but never sent. SQLite: a
// private in-memory database that the migrations really run on (a SQLite
// table rebuild reads the table it rebuilds, which only a database can
// answer); nothing outside the process is touched.
//
// Statements issued by package op are the migration's SQL. Anything else a
// migration does (a statement of its own, a read whose answer could steer
// its Go code, an error) makes it a migration matardb cannot render offline.
type offline struct {
	gdb       *gorm.DB
	collected []statement
}

// statement is one statement a migration issued.
type statement struct {
	sql    string
	read   bool // a query; not part of the script
	fromOp bool // issued by package op
}

// rendering is the outcome of running one migration offline.
type rendering struct {
	sql     []string // the statements of package op, in order
	foreign []string // statements issued by the migration's own Go code
	reads   bool     // the Go code read from the database
	err     error    // Migrate failed or panicked
}

// renderable reports whether sql is the migration's whole effect.
func (r *rendering) renderable() bool { return len(r.foreign) == 0 && !r.reads && r.err == nil }

// newOffline returns a renderer for dialect d.
func newOffline(d dialect.Dialect) (*offline, error) {
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
	o := &offline{gdb: gdb}
	if err := o.register(); err != nil {
		o.close()
		return nil, err
	}
	return o, nil
}

// register records every statement GORM builds, whatever API issued it.
func (o *offline) register() error {
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

func (o *offline) collect(read bool) func(*gorm.DB) {
	return func(tx *gorm.DB) {
		q := tx.Statement.SQL.String()
		if q == "" {
			return
		}
		q = tx.Dialector.Explain(q, tx.Statement.Vars...)
		o.collected = append(o.collected, statement{sql: q, read: read, fromOp: op.Issued(tx.Statement.Context)})
	}
}

// render runs m's Migrate in a transaction and sorts what it issued.
func (o *offline) render(ctx context.Context, m *history.Migration) rendering {
	return o.renderFunc(ctx, m, m.Migrate)
}

// renderRollback runs m's Rollback as render runs its Migrate.
func (o *offline) renderRollback(ctx context.Context, m *history.Migration) rendering {
	if m.Rollback == nil {
		return rendering{err: fmt.Errorf("migration %s has no Rollback: it cannot be rolled back", m.ID)}
	}
	return o.renderFunc(ctx, m, m.Rollback)
}

// renderFunc runs fn, m's Migrate or Rollback, and sorts what it issued.
func (o *offline) renderFunc(ctx context.Context, m *history.Migration, fn func(*gorm.DB) error) (r rendering) {
	o.collected = nil
	defer func() {
		if p := recover(); p != nil {
			r.err = fmt.Errorf("panic: %v", p)
		}
		r.sort(o.collected)
	}()
	if m.NoTransaction {
		r.err = fn(o.gdb.WithContext(ctx))
		return r
	}
	r.err = o.gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return fn(tx) })
	return r
}

func (r *rendering) sort(stmts []statement) {
	for _, s := range stmts {
		switch {
		case s.read:
			r.reads = r.reads || !s.fromOp
		case s.fromOp:
			r.sql = append(r.sql, s.sql)
		default:
			r.foreign = append(r.foreign, s.sql)
		}
	}
}

func (o *offline) close() {
	if sqlDB, err := o.gdb.DB(); err == nil {
		sqlDB.Close()
	}
}

// errOffline is what the refusing pool answers: upgrade --sql must never
// reach a database.
var errOffline = errors.New("upgrade --sql connects to no database")
