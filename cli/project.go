package cli

import (
	"cmp"
	"fmt"
	"io/fs"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migdir"
)

// Project is what the command line knows of one application: its models,
// its migration history and its GORM configuration. A project's
// cmd/<name>/main.go builds one and hands it to Main.
type Project struct {
	// Name is the program's name, the prefix of its error lines and the
	// command its usage and hints spell; default "matardb".
	Name string
	// Models are pointers to the application's GORM model structs, what
	// revision --autogenerate and check compare with the history.
	Models []any
	// History loads the compiled migration history: the project's
	// migrations.All. Nil means an empty history.
	History func() (*history.History, error)
	// Gorm is the *gorm.Config the application opens its database with: its
	// NamingStrategy names the tables, columns, indexes and constraints the
	// models become, DisableForeignKeyConstraintWhenMigrating leaves foreign
	// keys out, and the commands that connect open the database with it.
	// Nil means GORM's defaults.
	Gorm *gorm.Config
	// JoinTables are the custom join models of many2many fields, as the
	// application registers them with gorm.DB.SetupJoinTable.
	JoinTables []gormschema.JoinTable
	// DefaultURL is the database used when neither --database-url nor
	// DATABASE_URL is given, such as "sqlite:app.db".
	DefaultURL string
	// Dir is the default of --dir, the migrations directory; default
	// "migrations".
	Dir string
	// NoSafePlans is for a project that does not run on a busy PostgreSQL
	// (SQLite only, or small tables): revision --autogenerate writes the
	// plain form of every step, as with --no-safe-plans, and check does not
	// lint the history. False by default.
	NoSafePlans bool
	// Registered returns the migrations the history is built from,
	// unordered (the project's migrations.Registered): merge starts from
	// them when branches left several heads and History fails. Nil: merge
	// is not available.
	Registered func() []history.Migration
	// Built maps directories on disk to the sources the program was built
	// from: "models" to the models package's embedded files, the default
	// migrations directory (Dir) to the migrations package's. Commands that
	// answer from the build compare them with the disk (migdir.Drift) and
	// refuse to run stale. The keys are relative to the project's root, the
	// directory Dir is relative to, and follow --dir: the migrations key
	// stands for --dir itself, and the others are read from the root --dir
	// implies (with --dir ../app/migrations and the default Dir, "models"
	// is ../app/models). An absolute key is used as it is. Nil: not
	// compared.
	Built map[string]fs.FS
}

// name returns the program's name.
func (p *Project) name() string { return cmp.Or(p.Name, "matardb") }

// defaultURL returns the database used when no URL is given: DefaultURL,
// else a SQLite file named after the program.
func (p *Project) defaultURL() string { return cmp.Or(p.DefaultURL, "sqlite:"+p.name()+".db") }

// dir returns the default migrations directory.
func (p *Project) dir() string { return cmp.Or(p.Dir, migdir.DefaultDir) }

// history loads the project's history, with an error that says what failed.
func (p *Project) history() (*history.History, error) {
	if p.History == nil {
		return history.New()
	}
	h, err := p.History()
	if err != nil {
		return nil, fmt.Errorf("load the migration history: %w", err)
	}
	return h, nil
}

// gormOptions says how the project's models are read: under its
// gorm.Config (naming strategy, DisableForeignKeyConstraintWhenMigrating)
// with its custom join tables, for PostgreSQL, whose types the snapshot
// records (GORM's PostgreSQL dialector, asked offline).
func (p *Project) gormOptions() gormschema.Options {
	return gormschema.Options{Dialector: connect.Dialector(dialect.Postgres), Config: p.Gorm, JoinTables: p.JoinTables}
}
