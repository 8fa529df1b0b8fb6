package oracle

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
)

// Set is a model set as an application migrates it: the models, the
// custom join models of its many2many fields, and the gorm.Config it opens
// its database with.
type Set struct {
	// Models are passed to AutoMigrate in this order.
	Models []any
	// JoinTables are registered with gorm.DB.SetupJoinTable before
	// migrating, as GORM requires for a custom join model.
	JoinTables []JoinTable
	// Config returns the gorm.Config to open the database with; nil is
	// GORM's defaults. It is called once per database.
	Config func() *gorm.Config
}

// JoinTable is one SetupJoinTable call: Model's many2many Field uses Join
// as its join table.
type JoinTable struct {
	Model any
	Field string
	Join  any
}

// config returns the set's gorm.Config, or nil.
func (s Set) config() *gorm.Config {
	if s.Config == nil {
		return nil
	}
	return s.Config()
}

// migrate registers the join tables on gdb and runs AutoMigrate.
func (s Set) migrate(gdb *gorm.DB) error {
	for _, j := range s.JoinTables {
		if err := gdb.SetupJoinTable(j.Model, j.Field, j.Join); err != nil {
			return fmt.Errorf("set up join table of %T.%s: %w", j.Model, j.Field, err)
		}
	}
	return gdb.AutoMigrate(s.Models...)
}

// ReadOptions are the gormschema.Read options that read the set as the
// application migrates it, for dialect d: its gorm.Config and join models.
func (s Set) ReadOptions(d dialect.Dialect) *gormschema.Options {
	o := &gormschema.Options{Dialector: connect.Dialector(d), Config: s.config()}
	for _, j := range s.JoinTables {
		o.JoinTables = append(o.JoinTables, gormschema.JoinTable{Model: j.Model, Field: j.Field, Join: j.Join})
	}
	return o
}
