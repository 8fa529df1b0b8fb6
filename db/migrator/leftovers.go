package migrator

import (
	"errors"

	"gorm.io/gorm"
)

// withLeftovers adds to a *FailedMigrationError what the failed migration
// left in the database, so that every run refused after a failed
// CONCURRENTLY build names the INVALID index to clear, not only the run
// that failed.
func withLeftovers(db *gorm.DB, d backend, err error) error {
	var fe *FailedMigrationError
	if errors.As(err, &fe) && fe.Leftovers == "" {
		fe.Leftovers = d.leftovers(db)
	}
	return err
}
