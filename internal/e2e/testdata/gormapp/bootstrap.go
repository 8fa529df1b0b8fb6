// Command gormappdb as a project writes it before its first init: the
// models, no history yet.
package main

import (
	"gorm.io/gorm"

	"github.com/matar-app/matardb/cli"
	"github.com/matar-app/matardb/examples/gormapp/models"
)

func main() {
	cli.Main(cli.Project{
		Name:       "gormappdb",
		Models:     models.All(),
		Gorm:       &gorm.Config{},
		DefaultURL: "sqlite:gormapp.db",
	})
}
