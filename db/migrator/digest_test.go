package migrator

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/internal/benchutil"
	"github.com/matar-app/matardb/internal/testdb"
)

// checksummed is tableChain(n) with a checksum on each migration, as
// generated migrations carry; edited's checksum differs.
func checksummed(n int, edited string) []history.Migration {
	ms := tableChain(n)
	for i := range ms {
		ms[i].Checksum = "sha256:" + ms[i].ID
		if ms[i].ID == edited {
			ms[i].Checksum += "-edited"
		}
	}
	return ms
}

// storedDigest is the digest in the bookkeeping table's comment, "" for none.
func storedDigest(t *testing.T, gdb *gorm.DB) string {
	t.Helper()
	d, err := readDigest(ctx, gdb, TableName)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// upToDateStatements runs an up-to-date Migrate on a fresh pool of url and
// returns the statements it sent and its log.
func upToDateStatements(t *testing.T, url string, h *history.History) (int64, string) {
	t.Helper()
	c, err := benchutil.OpenPostgres(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	opts, logs := testOpts(h)
	before := c.Statements()
	if err := testMigrate(ctx, c.DB, opts...); err != nil {
		t.Fatal(err)
	}
	return c.Statements() - before, logs.String()
}

// An up-to-date PostgreSQL database answers one query whatever the number
// of migrations: the stored digest, not the rows.
func TestUpToDateOnPostgresSendsOneStatementWhateverN(t *testing.T) {
	t.Parallel()
	for _, n := range []int{3, 60} {
		url := testdb.PostgresURL(t)
		h := mustHistory(t, checksummed(n, "")...)
		upToDateStatements(t, url, h) // migrates
		got, logs := upToDateStatements(t, url, h)
		if got != 1 {
			t.Errorf("N=%d: the up-to-date run sent %d statements, want 1", n, got)
		}
		if want := fmt.Sprintf("at=m%02d", n); !strings.Contains(logs, "the database is up to date") || !strings.Contains(logs, want) {
			t.Errorf("N=%d: log %q does not say up to date %s", n, logs, want)
		}
	}
}

// A row written behind matardb's back (plain gormigrate, a hand-written
// statement) clears the digest, so matardb reads the rows: a migration
// whose row was deleted is applied again, and the digest is rewritten.
func TestARowDeletedBehindItsBackIsAppliedAgain(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	h := mustHistory(t, checksummed(3, "")...)
	opts, _ := testOpts(h)
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	if err := gdb.Exec(`DELETE FROM migrations WHERE id = 'm03'; DROP TABLE t03`).Error; err != nil {
		t.Fatal(err)
	}
	if d := storedDigest(t, gdb); d != "" {
		t.Fatalf("after a DELETE behind its back the digest is %q, want it cleared", d)
	}
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	wantTables(t, gdb, []string{"t03"}, nil)
	wantRecorded(t, gdb, "m01", "m02", "m03")
	if got, want := storedDigest(t, gdb), expectedDigest(h, 2); got != want {
		t.Errorf("digest after the run %q, want %q", got, want)
	}
}

// A row inserted behind its back for a pending migration makes the
// database up to date without running it; a deleted digest is rewritten
// from the rows, after which the check is one statement again.
func TestARowInsertedBehindItsBackAndADeletedDigestAreReadFromTheRows(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	c, err := benchutil.OpenPostgres(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	gdb := c.DB
	three := checksummed(3, "")
	upToDateStatements(t, url, mustHistory(t, three[:2]...))
	if err := gdb.Exec(`INSERT INTO migrations (id, checksum) VALUES ('m03', 'sha256:m03')`).Error; err != nil {
		t.Fatal(err)
	}
	h := mustHistory(t, three...)
	if _, logs := upToDateStatements(t, url, h); !strings.Contains(logs, "up to date") || strings.Contains(logs, "applying") {
		t.Fatalf("with m03's row inserted by hand, the run did not find the database up to date: %s", logs)
	}
	wantTables(t, gdb, []string{"t01", "t02"}, []string{"t03"})
	if err := gdb.Exec(`COMMENT ON TABLE migrations IS NULL`).Error; err != nil {
		t.Fatal(err)
	}
	if got, _ := upToDateStatements(t, url, h); got < 2 {
		t.Errorf("with the digest deleted the run sent %d statements, want the rows read too", got)
	}
	if got, _ := upToDateStatements(t, url, h); got != 1 {
		t.Errorf("after the digest was rewritten the run sent %d statements, want 1", got)
	}
}

// When the digest differs, the full read still names what differs.
func TestADigestMismatchStillWarnsOfEditsAndRefusesUnknownRows(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	opts, _ := testOpts(mustHistory(t, checksummed(3, "")...))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second run must warn too: the digest stays the rows'
		edited, logs := testOpts(mustHistory(t, checksummed(3, "m02")...))
		if err := testMigrate(ctx, gdb, edited...); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(logs.String(), "source changed") || !strings.Contains(logs.String(), "id=m02") {
			t.Errorf("an edited applied migration was not warned of; log: %s", logs.String())
		}
	}
	if err := gdb.Exec(`INSERT INTO migrations (id) VALUES ('m99')`).Error; err != nil {
		t.Fatal(err)
	}
	if err := testMigrate(ctx, gdb, opts...); !errors.Is(err, ErrUnknownApplied) || !strings.Contains(err.Error(), "m99") {
		t.Errorf("with an unknown row: %v, want ErrUnknownApplied naming m99", err)
	}
}
