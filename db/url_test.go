package db_test

import (
	"testing"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/dialect"
)

// An empty URL is Matar's embedded SQLite file.
func TestAnEmptyURLIsTheEmbeddedSQLiteFile(t *testing.T) {
	t.Parallel()
	d, dsn, err := db.ParseURL("")
	if err != nil || d != dialect.SQLite {
		t.Fatalf("ParseURL(\"\") = %q, %q, %v; want the SQLite dialect", d, dsn, err)
	}
	_, want, _ := db.ParseURL(db.DefaultURL)
	if dsn != want {
		t.Errorf("ParseURL(\"\") DSN = %q, want %q (DefaultURL's)", dsn, want)
	}
}
