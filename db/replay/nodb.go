package replay

import (
	"context"
	"database/sql"
	"errors"

	"gorm.io/gorm"
	"gorm.io/gorm/callbacks"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
	gschema "gorm.io/gorm/schema"
)

// errNoDatabase is what every call reaching for a server answers.
var errNoDatabase = errors.New("replaying a history connects to no database")

// nodb is a GORM dialector without a driver: statements are built (GORM
// runs in DryRun mode) and never sent.
type nodb struct{}

func (nodb) Name() string { return "replay" }

func (nodb) Initialize(db *gorm.DB) error {
	callbacks.RegisterDefaultCallbacks(db, &callbacks.Config{})
	db.ConnPool = refusingPool{errNoDatabase}
	return nil
}

func (nodb) Migrator(*gorm.DB) gorm.Migrator { return nil }

func (nodb) DataTypeOf(*gschema.Field) string { return "" }

func (nodb) DefaultValueOf(*gschema.Field) clause.Expression { return clause.Expr{SQL: "DEFAULT"} }

func (nodb) BindVarTo(w clause.Writer, _ *gorm.Statement, _ any) { _ = w.WriteByte('?') }

func (nodb) QuoteTo(w clause.Writer, s string) {
	_ = w.WriteByte('"')
	_, _ = w.WriteString(s)
	_ = w.WriteByte('"')
}

func (nodb) Explain(q string, vars ...any) string { return logger.ExplainSQL(q, nil, `'`, vars...) }

// RefusingPool returns a GORM connection pool that answers err to every
// call that would reach a server; transactions begin and end without doing
// anything. With GORM's DryRun mode, statements are built and never sent:
// what an offline rendering (upgrade --sql) and the replay run on.
// QueryRowContext returns nil, which makes a caller panic; GORM does not
// call it in DryRun mode.
func RefusingPool(err error) gorm.ConnPool { return refusingPool{err} }

type refusingPool struct{ err error }

func (p refusingPool) PrepareContext(context.Context, string) (*sql.Stmt, error) { return nil, p.err }

func (p refusingPool) ExecContext(context.Context, string, ...any) (sql.Result, error) {
	return nil, p.err
}

func (p refusingPool) QueryContext(context.Context, string, ...any) (*sql.Rows, error) {
	return nil, p.err
}

func (refusingPool) QueryRowContext(context.Context, string, ...any) *sql.Row { return nil }

func (p refusingPool) BeginTx(context.Context, *sql.TxOptions) (gorm.ConnPool, error) {
	return &refusingTx{p}, nil
}

// refusingTx is a transaction of refusingPool; GORM needs a pointer that
// can commit for a transaction already begun.
type refusingTx struct{ refusingPool }

func (*refusingTx) Commit() error { return nil }

func (*refusingTx) Rollback() error { return nil }

// open returns a connection to no database that calls sent for each
// statement the migration's own Go code builds.
func open(sent func(q string)) (*gorm.DB, error) {
	gdb, err := gorm.Open(nodb{}, &gorm.Config{Logger: logger.Discard, DryRun: true, SkipDefaultTransaction: true})
	if err != nil {
		return nil, err
	}
	collect := func(tx *gorm.DB) {
		if q := tx.Statement.SQL.String(); q != "" {
			sent(q)
		}
	}
	cb := gdb.Callback()
	const name = "matardb:replay"
	err = errors.Join(
		cb.Raw().After("gorm:raw").Register(name, collect),
		cb.Create().After("gorm:create").Register(name, collect),
		cb.Update().After("gorm:update").Register(name, collect),
		cb.Delete().After("gorm:delete").Register(name, collect),
		cb.Query().After("gorm:query").Register(name, collect),
		cb.Row().After("gorm:row").Register(name, collect),
	)
	if err != nil {
		return nil, err
	}
	return gdb, nil
}
