package connect

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/internal/testdb"
)

var ctx = context.Background()

func TestParseURLAcceptsTheDocumentedForms(t *testing.T) {
	for _, c := range []struct {
		url string
		d   dialect.Dialect
		dsn string
	}{
		{"sqlite:data/x.db", dialect.SQLite, "data/x.db" + sqlitePragmas(DefaultBusyTimeout)},
		{"sqlite:///x.db", dialect.SQLite, "x.db" + sqlitePragmas(DefaultBusyTimeout)},
		{"sqlite:////abs/x.db", dialect.SQLite, "/abs/x.db" + sqlitePragmas(DefaultBusyTimeout)},
		{"sqlite:x.db?busy_timeout=250ms", dialect.SQLite, "x.db?_pragma=foreign_keys(1)&_pragma=busy_timeout(250)&_pragma=journal_mode(WAL)&_txlock=immediate"},
		{"sqlite:///x.db?busy_timeout=0", dialect.SQLite, "x.db" + sqlitePragmas(0)},
		{"postgres://u:p@h:5432/d?sslmode=disable", dialect.Postgres, "postgres://u:p@h:5432/d?sslmode=disable"},
		{"postgresql://h/d", dialect.Postgres, "postgresql://h/d"},
	} {
		d, dsn, err := ParseURL(c.url)
		if err != nil || d != c.d || dsn != c.dsn {
			t.Errorf("ParseURL(%q) = %q, %q, %v; want %q, %q", c.url, d, dsn, err, c.d, c.dsn)
		}
	}
}

func TestParseURLRejectsOtherFormsWithoutShowingThePassword(t *testing.T) {
	for _, url := range []string{
		"mysql://user:s3cr3t@host/db",
		"host=localhost password=s3cr3t dbname=x",
		"postgres://user:s3cr3t%zz@host/db",
		"postgres://user:s3cr3t@host:port/db",
		"sqlite:",
		"sqlite://host/x.db",
		"sqlite:x.db?mode=ro",
		"",
	} {
		_, _, err := ParseURL(url)
		if !errors.Is(err, ErrBadURL) {
			t.Errorf("ParseURL(%q) = %v, want ErrBadURL", url, err)
			continue
		}
		t.Log(err)
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("ParseURL(%q) error shows the password: %v", url, err)
		}
		if !strings.Contains(err.Error(), "sqlite:PATH") {
			t.Errorf("ParseURL(%q) error does not list the accepted forms: %v", url, err)
		}
	}
}

func TestOpenFailsOnAnUnreachableOrMissingDatabaseWithoutShowingThePassword(t *testing.T) {
	t.Parallel()
	testdb.PostgresURL(t) // skips when PostgreSQL is not running
	for _, url := range []string{
		"postgres://postgres:s3cr3t@127.0.0.1:5432/matardb_no_such_database?sslmode=disable",
		"postgres://postgres:s3cr3t@127.0.0.1:1/x?sslmode=disable&connect_timeout=2",
		"postgres://nobody_here:s3cr3t@127.0.0.1:5432/test?sslmode=disable",
		"postgres://postgres@127.0.0.1:5432/matardb_no_such_database?sslmode=disable&password=s3cr3t",
	} {
		gdb, err := Open(ctx, url)
		if err == nil {
			sqlDB, _ := gdb.DB()
			sqlDB.Close()
			t.Errorf("Open(%q) succeeded", url)
			continue
		}
		t.Log(err)
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("error shows the password: %v", err)
		}
		if !strings.Contains(err.Error(), "xxxxx") {
			t.Errorf("error does not show the redacted URL: %v", err)
		}
	}
}

func TestOpenConnectsToPostgresAndSQLite(t *testing.T) {
	t.Parallel()
	for name, url := range map[string]string{
		"postgres": testdb.PostgresURL(t),
		"sqlite":   "sqlite:" + filepath.Join(t.TempDir(), "x.db"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			gdb, err := Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			sqlDB, _ := gdb.DB()
			defer sqlDB.Close()
			if gdb.NowFunc().Location().String() != "UTC" {
				t.Errorf("NowFunc is in %v, want UTC", gdb.NowFunc().Location())
			}
			if _, err := dialect.Parse(gdb.Dialector.Name()); err != nil {
				t.Errorf("dialect %q not recognised", gdb.Dialector.Name())
			}
		})
	}
}

func TestOpenSQLiteEnforcesForeignKeysAndBeginsImmediate(t *testing.T) {
	t.Parallel()
	gdb, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := gdb.DB()
	defer sqlDB.Close()
	var fk bool
	var mode string
	gdb.Raw("PRAGMA foreign_keys").Row().Scan(&fk)
	gdb.Raw("PRAGMA journal_mode").Row().Scan(&mode)
	if !fk || mode != "wal" {
		t.Fatalf("foreign_keys = %v, journal_mode = %q; want true, wal", fk, mode)
	}
}

func TestOpenFailsOnAnSQLiteFileThatCannotBeCreated(t *testing.T) {
	t.Parallel()
	_, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"))
	if err == nil || !strings.Contains(err.Error(), "sqlite:") {
		t.Fatalf("err = %v, want an error naming the URL", err)
	}
}

func TestRedactErrHidesAPasswordADriverQuotedEvenFromUnwrapping(t *testing.T) {
	cause := errors.New("dial postgres://u:s3cr3t@h/d: refused")
	err := redactErr(cause, []string{"s3cr3t"})
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), "s3cr3t") {
			t.Fatalf("the error chain shows the password: %v", e)
		}
	}
	if !strings.Contains(err.Error(), "refused") {
		t.Errorf("redactErr = %v, want the rest of the message kept", err)
	}
	if other := errors.New("refused"); redactErr(other, []string{"s3cr3t"}) != other {
		t.Error("an error without the secret was not returned as it is")
	}
}
