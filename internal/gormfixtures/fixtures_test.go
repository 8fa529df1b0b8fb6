package gormfixtures_test

import (
	"slices"
	"testing"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/internal/gormfixtures"
	"github.com/matar-app/matardb/internal/oracle"
)

// TestAutoMigrateBuildsTheExpectedSchema keeps each fixture's Expected
// true: GORM's AutoMigrate of the fixture on a fresh database, read back
// by db/inspect, is exactly the expected schema.
func TestAutoMigrateBuildsTheExpectedSchema(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f gormfixtures.Fixture, d dialect.Dialect) {
		got, _ := oracle.AutoMigrate(t, d, f.Set)
		oracle.AssertSameJSON(t, "schema AutoMigrate built", got, f.Expected(d))
	})
}

// TestAutoMigrateAgainSendsOnlyItsKnownPhantoms proves oracle.DDL on the
// fixtures: a second AutoMigrate on the database the first one built
// sends no statement that changes it, except AutoMigrate's own phantom
// diffs, listed by Phantoms.
func TestAutoMigrateAgainSendsOnlyItsKnownPhantoms(t *testing.T) {
	t.Parallel()
	eachFixture(t, func(t *testing.T, f gormfixtures.Fixture, d dialect.Dialect) {
		_, gdb := oracle.AutoMigrate(t, d, f.Set)
		ddl, err := oracle.DDL(t.Context(), gdb, f.Set)
		if err != nil {
			t.Fatal(err)
		}
		if want := gormfixtures.Phantoms(f, d); !slices.Equal(ddl, want) {
			t.Errorf("second AutoMigrate sent %q\nwant %q", ddl, want)
		}
	})
}

func eachFixture(t *testing.T, run func(*testing.T, gormfixtures.Fixture, dialect.Dialect)) {
	for _, f := range gormfixtures.All() {
		for _, d := range f.Dialects {
			t.Run(f.Name+"/"+string(d), func(t *testing.T) {
				t.Parallel()
				run(t, f, d)
			})
		}
	}
}
