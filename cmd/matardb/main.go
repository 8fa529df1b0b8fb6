// Command matardb generates, checks and applies Matar's schema migrations:
// the command line of package cli over Matar's models and history.
//
//	matardb [--database-url URL] COMMAND [ARGS]
//
// The database URL comes from --database-url, else DATABASE_URL, else the
// embedded default sqlite:matar.db. Run `matardb help` for the commands.
//
// Exit status: 0 success, 1 failure (or, for check, models and migrations
// that differ), 2 a usage error.
package main

import (
	"io/fs"

	"github.com/matar-app/matardb/cli"
	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/migrations"
	"github.com/matar-app/matardb/models"
)

func main() {
	cli.Main(cli.Project{
		Name:       "matardb",
		Models:     models.All(),
		History:    migrations.All,
		DefaultURL: db.DefaultURL,
		Registered: migrations.Registered,
		Built:      map[string]fs.FS{"models": models.Sources, "migrations": migrations.Sources},
	})
}
