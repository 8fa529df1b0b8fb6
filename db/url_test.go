package db_test

import (
	"testing"

	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/internal/testdb"
)

// internal/testdb cannot import db (db's own tests import testdb), so it
// spells the SQLite DSN itself; the tests must run SQLite as Open does.
func TestTestDatabasesUseTheSQLiteSettingsOpenUses(t *testing.T) {
	t.Parallel()
	_, dsn, err := db.ParseURL("sqlite:x.db")
	if err != nil {
		t.Fatal(err)
	}
	if got := testdb.SQLiteDSN("x.db"); got != dsn {
		t.Errorf("testdb.SQLiteDSN = %q, Open uses %q", got, dsn)
	}
}

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
