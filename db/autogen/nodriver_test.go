package autogen

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
)

// pgRead reads models for PostgreSQL, as the command line does, through
// GORM's own dialector.
var pgRead = gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}

// TestToolchainLinksNoDriver keeps the autogenerator and the model reader
// free of database drivers and gormigrate: gormschema asks the dialector
// it is given, and only the packages that open connections (connect, and
// cli through it) import a driver.
func TestToolchainLinksNoDriver(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	forbidden := []string{"gorm.io/driver", "github.com/jackc/pgx", "github.com/glebarez", "modernc.org/sqlite", "gormigrate"}
	for _, pkg := range []string{"github.com/matar-app/matardb/db/autogen", "github.com/matar-app/matardb/db/gormschema"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range forbidden {
				if strings.Contains(dep, f) {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
}
