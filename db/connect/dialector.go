package connect

import (
	"fmt"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
)

// Dialector returns GORM's own dialector for d, uninitialized and bound
// to no database, for asking offline what GORM declares on d: it is what
// gormschema.Options.Dialector takes, so that the toolchain reads models
// with the driver's real column types while importing no driver itself.
// It panics on a dialect matardb does not support (dialect.Parse accepts
// none).
func Dialector(d dialect.Dialect) gorm.Dialector {
	switch d {
	case dialect.Postgres:
		return postgres.Dialector{Config: &postgres.Config{}}
	case dialect.SQLite:
		return &sqlite.Dialector{}
	}
	panic(fmt.Sprintf("connect.Dialector: unsupported dialect %q", d))
}
