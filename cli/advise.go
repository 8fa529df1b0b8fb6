package cli

import (
	"errors"
	"fmt"

	"github.com/matar-app/matardb/db/migrator"
)

// advise adds to err, which states facts, the command or flag of the
// program prog that resolves it; other errors pass unchanged.
func advise(err error, prog string) error {
	var failed *migrator.FailedMigrationError
	var partial *migrator.PartialError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &failed):
		return fmt.Errorf("%w; run `%[2]s stamp %[3]s` if it is now fully applied, `%[2]s stamp %[4]s` if it is fully undone",
			err, prog, failed.ID, failed.Parent)
	case errors.As(err, &partial) && partial.AlreadyExists():
		return fmt.Errorf("%w; run `%s stamp %s` to record them", err, prog, partial.Failed)
	case errors.Is(err, migrator.ErrUnknownApplied):
		return fmt.Errorf("%w; pass --allow-unknown-applied to allow them, or run `%s stamp --purge head` "+
			"to remove the record of those no code has any more", err, prog)
	case errors.Is(err, migrator.ErrForeignTable):
		return fmt.Errorf("%w; pass --table NAME (every command, and migrator.WithTable in the application)", err)
	}
	return err
}
