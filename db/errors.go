package db

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Errors the functions of this package return (wrapped, with the details),
// for callers that branch on them with errors.Is.
var (
	// ErrUnknownApplied: the database has migrations applied that the
	// history does not contain (the database is ahead of the code).
	// Returned by Migrate, Rollback and Stamp unless AllowUnknownApplied.
	ErrUnknownApplied = errors.New("the database has migrations applied that this program's history does not contain")
	// ErrLockTimeout: another process held the migration lock for longer
	// than WithLockWait; nothing was run. Returned by Migrate, Rollback and Stamp.
	ErrLockTimeout = errors.New("timed out waiting for the migration lock")
	// ErrUnknownTarget: a target that is neither a migration ID of the
	// history, nor "base", nor -N within range. Returned by Migrate
	// (WithTarget), Rollback and Stamp.
	ErrUnknownTarget = errors.New("unknown migration target")
	// ErrNotApplied: Rollback was asked to go back to a migration that is
	// not applied.
	ErrNotApplied = errors.New("migration is not applied")
	// ErrIrreversible: Rollback would have to undo a migration that has no
	// Rollback function; nothing was rolled back.
	ErrIrreversible = errors.New("migration cannot be rolled back")
	// ErrFailedMigration: a migration that runs outside a transaction
	// failed or was interrupted, so the database may be half changed.
	// Migrate and Rollback refuse to run until an operator has checked the
	// database and recorded the outcome with Stamp.
	ErrFailedMigration = errors.New("a migration that runs outside a transaction failed or was interrupted")
	// ErrUnknownAlembicRevision: the database was built by Alembic at a
	// revision the history does not contain; nothing was changed.
	// Returned by Migrate and Stamp.
	ErrUnknownAlembicRevision = errors.New("the database's Alembic revision is not in the history")
	// ErrUnsupportedDialect: the *gorm.DB is neither PostgreSQL nor SQLite.
	ErrUnsupportedDialect = errors.New("unsupported database backend")
)

// PartialError is returned by Migrate when a migration fails: the failed
// migration's own changes were rolled back (unless it runs outside a
// transaction), and the migrations applied before it in the same run stay
// applied. It unwraps to the cause.
type PartialError struct {
	Applied []string // IDs applied by this run before the failure, in order
	Failed  string   // ID of the migration that failed
	Message string   // message of the migration that failed
	Err     error    // the cause
}

func (e *PartialError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "migration %s (%s) failed: %v", e.Failed, e.Message, e.Err)
	if len(e.Applied) > 0 {
		fmt.Fprintf(&b, " (this run applied %s before it)", strings.Join(e.Applied, ", "))
	}
	if alreadyExists(e.Err) {
		fmt.Fprintf(&b, "; if the database already has this schema (built by hand or by another tool), "+
			"check it against the migrations and record them as applied with `matardb stamp %s` instead of running them", e.Failed)
	}
	return b.String()
}

// alreadyExists reports whether err says an object the migration creates
// exists already: PostgreSQL's duplicate_table (42P07), duplicate_column
// (42701) or duplicate_object (42710), or SQLite's "already exists".
func alreadyExists(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "42P07" || pg.Code == "42701" || pg.Code == "42710"
	}
	return strings.Contains(err.Error(), "already exists")
}

// Unwrap returns the cause.
func (e *PartialError) Unwrap() error { return e.Err }
