package migrator

import (
	"errors"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// A database whose schema was built without matardb's bookkeeping fails on
// its first migration with "already exists"; the error says to check and
// stamp instead of leaving the operator to guess.
func TestAMigrationThatFindsItsTableAlreadyThereSuggestsStamp(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		if err := gdb.Exec(`CREATE TABLE "thing" ("id" integer)`).Error; err != nil {
			t.Fatal(err)
		}
		opts, _ := testOpts(mustHistory(t, sqlMig("m01", "", `CREATE TABLE "thing" ("id" integer)`, `DROP TABLE "thing"`)))
		err := testMigrate(ctx, gdb, opts...)
		var partial *PartialError
		if !errors.As(err, &partial) || partial.Failed != "m01" {
			t.Fatalf("err = %v, want a PartialError for m01", err)
		}
		if !partial.AlreadyExists() || !strings.Contains(err.Error(), "up to m01 with Stamp") {
			t.Errorf("err = %v, want it to say the table exists and suggest stamping up to m01", err)
		}
	})
}
