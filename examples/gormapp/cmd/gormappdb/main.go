// Command gormappdb is the example application's migration command line:
// matardb's, built from the application's models and history. Run it from
// examples/gormapp, where its migrations directory is.
//
//	go run ./cmd/gormappdb revision --autogenerate -m "add tags"
//	go run ./cmd/gormappdb upgrade
package main

import (
	"gorm.io/gorm"

	"github.com/matar-app/matardb/cli"
	"github.com/matar-app/matardb/examples/gormapp/migrations"
	"github.com/matar-app/matardb/examples/gormapp/models"
)

func main() {
	cli.Main(cli.Project{
		Name:       "gormappdb",
		Models:     models.All(),
		History:    migrations.All,
		Gorm:       &gorm.Config{},
		DefaultURL: "sqlite:gormapp.db",
	})
}
