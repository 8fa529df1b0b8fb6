package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/migrator"
)

// The library states facts; the command adds what to run.
func TestAdviseAddsTheCommandThatResolvesAnError(t *testing.T) {
	t.Parallel()
	failed := &migrator.FailedMigrationError{ID: "m02", Message: "index", State: migrator.StateFailed, Parent: "m01"}
	exists := &migrator.PartialError{Failed: "m01", Message: "create", Err: errors.New(`relation "thing" already exists`)}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"failed migration", &migrator.PartialError{Failed: "m02", Err: failed}, "`appdb stamp m02` if it is now fully applied, `appdb stamp m01` if it is fully undone"},
		{"schema already there", exists, "`appdb stamp m01`"},
		{"unknown applied", fmt.Errorf("%w: m09", migrator.ErrUnknownApplied), "--allow-unknown-applied"},
	} {
		got := advise(c.err, "appdb")
		if !strings.Contains(got.Error(), c.want) || !errors.Is(got, c.err) {
			t.Errorf("%s: advise = %v, want it to wrap the error and contain %q", c.name, got, c.want)
		}
	}
	other := errors.New("disk full")
	if advise(other, "appdb") != other || advise(nil, "appdb") != nil {
		t.Error("advise changed an error it has no advice for")
	}
}
