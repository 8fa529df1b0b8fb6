package gormschema

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	gschema "gorm.io/gorm/schema"

	"github.com/matar-app/matardb/db/dialect"
)

// Options say how Read reads models: with which GORM dialector, under
// which gorm.Config, with which custom join models. Dialector is
// required; a nil Config is GORM's default configuration.
type Options struct {
	// Dialector is GORM's own dialector for the database the schema is
	// for (connect.Dialector(dialect.Postgres) or
	// connect.Dialector(dialect.SQLite)); its Name() is the dialect.
	// Read asks it offline how each column type is declared (DataTypeOf,
	// and a type's GormDBDataType, which switches on the dialector):
	// column types are per dialect where GORM's are, an untagged int is
	// bigint on PostgreSQL and integer on SQLite. It is never initialized
	// or connected, so an uninitialized one (bound to no database) is
	// what to pass, and gormschema imports no database driver.
	Dialector gorm.Dialector
	// Config is the gorm.Config the application opens its database with.
	// Read uses its NamingStrategy (nil is GORM's default,
	// schema.NamingStrategy{IdentifierMaxLength: 64}),
	// DisableForeignKeyConstraintWhenMigrating (no foreign keys) and
	// IgnoreRelationshipsWhenMigrating (no foreign keys, no join tables);
	// it never modifies it.
	Config *gorm.Config
	// JoinTables are the custom join models of many2many fields, as the
	// application registers them with gorm.DB.SetupJoinTable.
	JoinTables []JoinTable
}

// JoinTable is one gorm.DB.SetupJoinTable call: Model's many2many Field
// uses Join as its join table.
type JoinTable struct {
	Model any
	Field string
	Join  any
}

// errNoDialector is Read's error for options without a dialector.
var errNoDialector = errors.New("read models: no GORM dialector: set gormschema.Options.Dialector, e.g. to connect.Dialector(dialect.Postgres)")

// dialectOf returns the dialect of the options' dialector.
func (o *Options) dialectOf() (dialect.Dialect, error) {
	if o == nil || o.Dialector == nil {
		return "", errNoDialector
	}
	d, err := dialect.Parse(o.Dialector.Name())
	if err != nil {
		return "", fmt.Errorf("read models: dialector %T: %w", o.Dialector, err)
	}
	return d, nil
}

// withoutForeignKeys reports whether AutoMigrate would create no foreign
// keys: DisableForeignKeyConstraintWhenMigrating or
// IgnoreRelationshipsWhenMigrating.
func (o *Options) withoutForeignKeys() bool {
	return o != nil && o.Config != nil &&
		(o.Config.DisableForeignKeyConstraintWhenMigrating || o.Config.IgnoreRelationshipsWhenMigrating)
}

// withoutJoinTables reports IgnoreRelationshipsWhenMigrating, under which
// AutoMigrate creates no many2many join table.
func (o *Options) withoutJoinTables() bool {
	return o != nil && o.Config != nil && o.Config.IgnoreRelationshipsWhenMigrating
}

// DefaultNaming is GORM's naming strategy when a gorm.Config gives none.
var DefaultNaming gschema.Namer = gschema.NamingStrategy{IdentifierMaxLength: 64}

// naming returns the naming strategy of the options.
func (o *Options) naming() gschema.Namer {
	if o == nil || o.Config == nil || o.Config.NamingStrategy == nil {
		return DefaultNaming
	}
	return o.Config.NamingStrategy
}

// offline is a GORM dialector that never connects: it answers for the
// options' real dialector (its name, its column types, its quoting) so
// that a type's GormDBDataType and GORM's schema cache work as on an open
// database.
type offline struct{ gorm.Dialector }

// Initialize connects nothing.
func (offline) Initialize(*gorm.DB) error { return nil }

// openOffline builds a *gorm.DB for the options (which have a dialector)
// that parses models and runs SetupJoinTable without a database.
func openOffline(o *Options) (*gorm.DB, error) {
	cfg := &gorm.Config{
		NamingStrategy:                           o.naming(),
		DisableForeignKeyConstraintWhenMigrating: o.withoutForeignKeys(),
		Logger:                                   logger.Discard,
	}
	gdb, err := gorm.Open(offline{o.Dialector}, cfg)
	if err != nil {
		return nil, fmt.Errorf("read models: %w", err)
	}
	for _, j := range o.JoinTables {
		if err := setupJoinTable(gdb, j); err != nil {
			return nil, err
		}
	}
	return gdb, nil
}

// setupJoinTable registers one custom join model, a GORM panic included
// in the error.
func setupJoinTable(gdb *gorm.DB, j JoinTable) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("join table %T of %T.%s: %v", j.Join, j.Model, j.Field, r)
		}
	}()
	if err := gdb.SetupJoinTable(j.Model, j.Field, j.Join); err != nil {
		return fmt.Errorf("join table %T of %T.%s: %w", j.Join, j.Model, j.Field, err)
	}
	return nil
}
