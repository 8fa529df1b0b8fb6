package db

import (
	"cmp"
	"context"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
)

// DefaultURL is the database Open uses for an empty URL: the embedded SQLite
// file matar.db in the working directory.
const DefaultURL = "sqlite:matar.db"

// Open connects to Matar's database at url, DefaultURL when url is "" (see
// connect.ParseURL for the accepted forms), and checks the connection with
// ctx. It is connect.Open with Matar's default; see there for the options
// and the returned *gorm.DB, which is safe for concurrent use.
func Open(ctx context.Context, url string, opts ...connect.Option) (*gorm.DB, error) {
	return connect.Open(ctx, cmp.Or(url, DefaultURL), opts...)
}

// ParseURL is connect.ParseURL with Matar's default: "" means DefaultURL.
func ParseURL(url string) (d dialect.Dialect, dsn string, err error) {
	return connect.ParseURL(cmp.Or(url, DefaultURL))
}
