package main

import (
	"errors"
	"fmt"

	"github.com/matar-app/matardb/db/migrator"
)

// advise adds to err, which states facts, the command or flag that
// resolves it; other errors pass unchanged.
func advise(err error) error {
	var failed *migrator.FailedMigrationError
	var partial *migrator.PartialError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &failed):
		return fmt.Errorf("%w; run `matardb stamp %s` if it is now fully applied, `matardb stamp %s` if it is fully undone",
			err, failed.ID, failed.Parent)
	case errors.As(err, &partial) && partial.AlreadyExists():
		return fmt.Errorf("%w; run `matardb stamp %s` to record them", err, partial.Failed)
	case errors.Is(err, migrator.ErrUnknownApplied):
		return fmt.Errorf("%w; pass --allow-unknown-applied to allow them", err)
	}
	return err
}
