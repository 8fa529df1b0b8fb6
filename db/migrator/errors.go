package migrator

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Errors the methods of Migrator return (wrapped, with the details),
// for callers that branch on them with errors.Is.
var (
	// ErrUnknownApplied: the database has migrations applied that the
	// history does not contain (the database is ahead of the code).
	// Returned by Up, UpTo, Down, Stamp and Current unless AllowUnknownApplied.
	ErrUnknownApplied = errors.New("the database has migrations applied that this program's history does not contain")
	// ErrLockTimeout: another process held the migration lock for longer
	// than WithLockWait; nothing was run. Returned by Up, UpTo, Down and Stamp.
	ErrLockTimeout = errors.New("timed out waiting for the migration lock")
	// ErrUnknownTarget: a target that is neither a migration ID of the
	// history, nor Base, nor -N within range. Returned by UpTo, Down and
	// Stamp.
	ErrUnknownTarget = errors.New("unknown migration target")
	// ErrNotApplied: Down was asked to go back to a migration that is
	// not applied.
	ErrNotApplied = errors.New("migration is not applied")
	// ErrIrreversible: Down would have to undo a migration that has no
	// Rollback function; nothing was rolled back.
	ErrIrreversible = errors.New("migration cannot be rolled back")
	// ErrPlanChanged: DownAsPlanned found, under the migration lock, other
	// migrations to roll back than those it was given (another process
	// applied or rolled back migrations since they were planned); nothing
	// was rolled back.
	ErrPlanChanged = errors.New("the migrations to roll back changed since they were planned")
	// ErrFailedMigration: a migration that runs outside a transaction
	// failed or was interrupted, so the database may be half changed.
	// Up, UpTo and Down refuse to run until an operator has checked the
	// database and recorded the outcome with Stamp; the error is a
	// *FailedMigrationError naming the migration.
	ErrFailedMigration = errors.New("a migration that runs outside a transaction failed or was interrupted")
	// ErrUnknownAlembicRevision: the database was built by Alembic at a
	// revision the history does not contain; nothing was changed.
	// Returned by Up, UpTo and Stamp.
	ErrUnknownAlembicRevision = errors.New("the database's Alembic revision is not in the history")
	// ErrUnsupportedDialect: the *gorm.DB is neither PostgreSQL nor SQLite.
	ErrUnsupportedDialect = errors.New("unsupported database backend")
)

// PartialError is returned by Up and UpTo when a migration fails: the failed
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
	if e.AlreadyExists() {
		fmt.Fprintf(&b, "; an object it creates already exists: if the database already has this schema "+
			"(built by hand or by another tool), check it against the migrations and record them as applied "+
			"up to %s with Stamp instead of running them", e.Failed)
	}
	return b.String()
}

// AlreadyExists reports whether the migration failed because an object it
// creates exists already, as when the schema was built without matardb:
// the caller may suggest stamping the migrations instead of running them.
func (e *PartialError) AlreadyExists() bool { return alreadyExists(e.Err) }

// FailedMigrationError is the ErrFailedMigration a run returns when a
// migration that runs outside a transaction failed or was interrupted
// (State StateFailed or StateStarted): part of it may have taken effect.
// An operator checks the database, finishes or undoes the migration by
// hand, then records the outcome with Stamp: Stamp(ID) once its effect is
// complete, Stamp(Parent) once it is undone.
type FailedMigrationError struct {
	ID, Message string
	State       State
	At          time.Time // when its row was last written, UTC
	Parent      string    // the migration before it, Base for the first
	// Leftovers describes what the failure left in the database (INVALID
	// indexes of a failed CONCURRENTLY build), "" when nothing is known.
	Leftovers string
}

func (e *FailedMigrationError) Error() string {
	what := "failed"
	if e.State == StateStarted {
		what = "was interrupted (or is still running in another process)"
	}
	return fmt.Sprintf("%v: migration %s (%s) %s at %s; it ran outside a transaction, so part of it may have taken effect. "+
		"Check the database against what the migration does (for an index built CONCURRENTLY, look for an INVALID index), "+
		"finish or undo it by hand, then record the outcome with Stamp: stamp %s if it is now fully applied, "+
		"stamp %s if it is fully undone",
		ErrFailedMigration, e.ID, e.Message, what, e.At.Format("2006-01-02 15:04:05 UTC"), e.ID, e.Parent) + e.leftovers()
}

func (e *FailedMigrationError) leftovers() string {
	if e.Leftovers == "" {
		return ""
	}
	return ". " + e.Leftovers
}

// Unwrap lets errors.Is(err, ErrFailedMigration) match.
func (e *FailedMigrationError) Unwrap() error { return ErrFailedMigration }

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
