package db

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/migrations"
)

// ErrUnknownTarget is migrator.ErrUnknownTarget: a target that is not a
// migration of the history (nor base, nor -N within range).
var ErrUnknownTarget = migrator.ErrUnknownTarget

// Migrate brings Matar's schema up to date: it applies the pending
// migrations of Matar's history (migrations.All()) up to its head. Every
// replica of the backend may call it at startup at the same time; a
// database that is up to date costs one query and takes no lock. It is
// NewMigrator followed by Up: see migrator.Migrator.UpTo for the logging
// and the errors, and migrator's options (WithLogger, WithLockWait, …) for
// opts.
func Migrate(ctx context.Context, gdb *gorm.DB, opts ...migrator.Option) error {
	m, err := NewMigrator(gdb, opts...)
	if err != nil {
		return err
	}
	return m.Up(ctx)
}

// NewMigrator returns a migrator.Migrator running Matar's history against
// gdb, for what Migrate does not do: going up to a target, rolling back,
// stamping, listing the status. It fails when the history does not load
// (see migrations.All) or an option is bad.
func NewMigrator(gdb *gorm.DB, opts ...migrator.Option) (*migrator.Migrator, error) {
	h, err := History()
	if err != nil {
		return nil, err
	}
	return migrator.New(gdb, h, opts...)
}

// History returns Matar's migration history, migrations.All(), with an
// error that says what failed to load.
func History() (*history.History, error) {
	h, err := migrations.All()
	if err != nil {
		return nil, fmt.Errorf("load the migration history: %w", err)
	}
	return h, nil
}
