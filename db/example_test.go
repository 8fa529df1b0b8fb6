package db_test

import (
	"context"
	"log"
	"os"

	"github.com/matar-app/matardb/db"
)

// The backend's startup: open the database named by DATABASE_URL (the
// embedded SQLite file when unset) and bring its schema up to date. Every
// replica may do this at once.
func Example() {
	ctx := context.Background()
	gdb, err := db.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	if err := db.Migrate(ctx, gdb); err != nil {
		log.Fatal(err)
	}
}
