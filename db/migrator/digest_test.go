package migrator

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

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

// migratedChecksummed is a fresh PostgreSQL database brought up to date
// with checksummed(n, ""), and that history.
func migratedChecksummed(t *testing.T, n int) (*gorm.DB, *history.History) {
	t.Helper()
	gdb := testdb.Postgres(t)
	h := mustHistory(t, checksummed(n, "")...)
	opts, _ := testOpts(h)
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	return gdb, h
}

// countedPool opens a pool on url counting the statements it sends,
// closed when t ends.
func countedPool(t *testing.T, url string) *benchutil.Conn {
	t.Helper()
	c, err := benchutil.OpenPostgres(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// wantRowsReadThenDigest runs two up-to-date starts on url: the first,
// in the situation what describes, must read the rows (more than one
// statement) and find the database up to date, which rewrites the digest;
// the second must be the digest's one statement.
func wantRowsReadThenDigest(t *testing.T, url string, h *history.History, what string) {
	t.Helper()
	if got, logs := upToDateStatements(t, url, h); got < 2 || !strings.Contains(logs, "up to date") {
		t.Errorf("%s the run sent %d statements, want the rows read and up to date; log: %s", what, got, logs)
	}
	if got, _ := upToDateStatements(t, url, h); got != 1 {
		t.Errorf("%s, after the digest was rewritten, the run sent %d statements, want 1", what, got)
	}
}

// expectedDigest is the digest of h's migrations up to index last, all
// done with their checksums.
func expectedDigest(h *history.History, last int) string {
	return expectedFor(h, last, TableName).digest
}

// storedDigest is the digest the bookkeeping table's marker spells out in
// its comment, "" for no marker; more than one marker is an error.
func storedDigest(t *testing.T, gdb *gorm.DB) string {
	t.Helper()
	var comments []string
	if err := gdb.Raw(`SELECT pg_catalog.obj_description(pg_catalog.format('%I.%I', m.nspname, m.relname)::regclass, 'pg_class') ` +
		`FROM (` + markersOf(`pg_catalog.to_regclass('migrations')`) + `) m`).Scan(&comments).Error; err != nil {
		t.Fatal(err)
	}
	if len(comments) > 1 {
		t.Fatalf("the bookkeeping table has %d markers, want at most one: %q", len(comments), comments)
	}
	if len(comments) == 0 {
		return ""
	}
	digest, _, _ := strings.Cut(comments[0], ":")
	return digest
}

// migratedPool brings a fresh PostgreSQL database up to date with ms, and
// returns its URL, a counted pool on it and the history.
func migratedPool(t *testing.T, ms []history.Migration) (string, *benchutil.Conn, *history.History) {
	t.Helper()
	url := testdb.PostgresURL(t)
	h := mustHistory(t, ms...)
	upToDateStatements(t, url, h)
	return url, countedPool(t, url), h
}

// execInTx runs statements, a message of several, in a transaction of
// their own on gdb.
func execInTx(t *testing.T, gdb *gorm.DB, statements string) {
	t.Helper()
	if err := gdb.Transaction(func(tx *gorm.DB) error { return tx.Exec(statements).Error }); err != nil {
		t.Fatal(err)
	}
}

// upToDateStatements runs an up-to-date Migrate on a fresh pool of url and
// returns the statements it sent and its log.
func upToDateStatements(t *testing.T, url string, h *history.History) (int64, string) {
	t.Helper()
	c := countedPool(t, url)
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
	gdb, h := migratedChecksummed(t, 3)
	opts, _ := testOpts(h)
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
	c := countedPool(t, url)
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
	if err := gdb.Exec(`DROP SEQUENCE ` + digestMarker(TableName, expectedDigest(h, 2))).Error; err != nil {
		t.Fatal(err)
	}
	wantRowsReadThenDigest(t, url, h, "with the marker dropped")
}

// When the digest differs, the full read still names what differs.
func TestADigestMismatchStillWarnsOfEditsAndRefusesUnknownRows(t *testing.T) {
	t.Parallel()
	gdb, h := migratedChecksummed(t, 3)
	opts, _ := testOpts(h)
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

// Dropping every table, the bookkeeping one included (a schema reset that
// drops tables, not the schema), drops the marker with it, and the plain
// DROP TABLE needs no CASCADE: the next run applies the whole history
// again instead of calling the empty database up to date.
func TestADroppedBookkeepingTableIsNeverTakenForUpToDate(t *testing.T) {
	t.Parallel()
	gdb, h := migratedChecksummed(t, 3)
	opts, _ := testOpts(h)
	if err := gdb.Exec(`DROP TABLE migrations, t01, t02, t03`).Error; err != nil {
		t.Fatal(err)
	}
	if storedDigest(t, gdb) != "" {
		t.Fatal("a marker outlived its dropped table")
	}
	opts, logs := testOpts(h)
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "applying") {
		t.Fatalf("after the tables were dropped the run applied nothing: %s", logs.String())
	}
	wantTables(t, gdb, []string{"t01", "t02", "t03"}, nil)
	wantRecorded(t, gdb, "m01", "m02", "m03")
}

// A bookkeeping table re-created by hand with the same rows (a restore of
// the table alone) is a new table: the old digest does not answer for it,
// the rows are read, and the digest is written again for the new table.
func TestARecreatedBookkeepingTableIsReadFromItsRows(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	h := mustHistory(t, checksummed(3, "")...)
	upToDateStatements(t, url, h) // migrates
	c := countedPool(t, url)
	if err := c.DB.Exec(`CREATE TABLE copy AS SELECT * FROM migrations; DROP TABLE migrations; ` +
		`ALTER TABLE copy RENAME TO migrations; ALTER TABLE migrations ADD PRIMARY KEY (id)`).Error; err != nil {
		t.Fatal(err)
	}
	wantRowsReadThenDigest(t, url, h, "on a re-created table")
}

// Two transactions writing the bookkeeping table at once (two plain
// gormigrate processes) both succeed: the first's trigger drops the marker
// and holds it until it commits; the second's waits for it, then finds it
// gone.
func TestConcurrentWritersOfTheBookkeepingTableBothCommit(t *testing.T) {
	t.Parallel()
	gdb, _ := migratedChecksummed(t, 1)
	first := gdb.Begin()
	defer first.Rollback()
	if err := first.Exec(`INSERT INTO migrations (id) VALUES ('x1')`).Error; err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() {
		second <- gdb.Transaction(func(tx *gorm.DB) error {
			return tx.Exec(`INSERT INTO migrations (id) VALUES ('x2')`).Error
		})
	}()
	select {
	case err := <-second:
		t.Fatalf("the second writer finished while the first was open (err %v): the trigger did not serialise them", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := first.Commit().Error; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatalf("the second writer failed after the first committed: %v", err)
	}
	wantRecorded(t, gdb, "m01", "x1", "x2")
	if d := storedDigest(t, gdb); d != "" {
		t.Errorf("after two writes behind matardb's back the digest is %q, want it cleared", d)
	}
}

// A database whose digest an older matardb kept in the table's comment
// (v1, with its own trigger) is moved to the marker: the comment and the
// old trigger are removed, so that an older binary reads the rows, and the
// next start is one statement.
func TestAVersionOneDigestIsReplaced(t *testing.T) {
	t.Parallel()
	url, c, h := migratedPool(t, checksummed(2, ""))
	if err := c.DB.Exec(`DROP TRIGGER ` + digestTrigger + ` ON migrations; DROP SEQUENCE ` + digestMarker(TableName, expectedDigest(h, 1)) + `; ` +
		`CREATE FUNCTION matardb_migrations_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
		`EXECUTE format('COMMENT ON TABLE %s IS NULL', TG_RELID::regclass); RETURN NULL; END $$; ` +
		`CREATE TRIGGER matardb_migrations_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON migrations ` +
		`FOR EACH STATEMENT EXECUTE FUNCTION matardb_migrations_changed(); ` +
		`COMMENT ON TABLE migrations IS 'matardb digest v1 2 00'`).Error; err != nil {
		t.Fatal(err)
	}
	wantRowsReadThenDigest(t, url, h, "on a v1 database")
	var comment *string
	var triggers []string
	if err := c.DB.Raw(`SELECT obj_description('migrations'::regclass, 'pg_class')`).Scan(&comment).Error; err != nil {
		t.Fatal(err)
	}
	if err := c.DB.Raw(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'migrations'::regclass ORDER BY 1`).Scan(&triggers).Error; err != nil {
		t.Fatal(err)
	}
	if comment != nil || !slices.Equal(triggers, []string{digestTrigger}) {
		t.Errorf("after the run the comment is %v and the triggers %v, want no comment and only %s", comment, triggers, digestTrigger)
	}
}

// A database whose digest matardb v2 kept in a PL/pgSQL function (with
// its own trigger) is moved to the marker: the function and the v2 trigger
// are removed, so that an older binary reads the rows, and the next start
// is one statement. The v2 trigger function stays, for the other tables an
// older binary may keep.
func TestAVersionTwoDigestIsReplaced(t *testing.T) {
	t.Parallel()
	url, c, h := migratedPool(t, checksummed(2, ""))
	if err := c.DB.Exec(`DROP TRIGGER ` + digestTrigger + ` ON migrations; DROP SEQUENCE ` + digestMarker(TableName, expectedDigest(h, 1)) + `; ` +
		`CREATE FUNCTION matardb_digest_migrations() RETURNS text LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN 'matardb digest v2 2 00'; END $$; ` +
		`CREATE FUNCTION matardb_digest_clear() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
		`EXECUTE format('CREATE OR REPLACE FUNCTION %I.%I() RETURNS text LANGUAGE plpgsql STABLE AS %L', ` +
		`TG_TABLE_SCHEMA, TG_ARGV[0], 'BEGIN RETURN NULL; END'); RETURN NULL; END $$; ` +
		`CREATE TRIGGER matardb_digest_clear AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON migrations ` +
		`FOR EACH STATEMENT EXECUTE FUNCTION matardb_digest_clear('matardb_digest_migrations')`).Error; err != nil {
		t.Fatal(err)
	}
	wantRowsReadThenDigest(t, url, h, "on a v2 database")
	var functions, triggers []string
	if err := c.DB.Raw(`SELECT proname FROM pg_proc WHERE proname LIKE 'matardb%' ORDER BY 1`).Scan(&functions).Error; err != nil {
		t.Fatal(err)
	}
	if err := c.DB.Raw(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'migrations'::regclass ORDER BY 1`).Scan(&triggers).Error; err != nil {
		t.Fatal(err)
	}
	if want := []string{v2DigestTrigger, digestTrigger}; !slices.Equal(functions, want) || !slices.Equal(triggers, []string{digestTrigger}) {
		t.Errorf("after the run the functions are %v and the triggers %v, want functions %v and only the trigger %s",
			functions, triggers, want, digestTrigger)
	}
	if got, want := storedDigest(t, c.DB), expectedDigest(h, 1); got != want {
		t.Errorf("the marker spells %q, want %q", got, want)
	}
}

// A write in a replicating session (session_replication_role = replica,
// as a logical replica's apply and some copying tools run), where ordinary
// triggers do not fire, still drops the marker.
func TestAWriteInAReplicatingSessionDropsTheMarker(t *testing.T) {
	t.Parallel()
	gdb, _ := migratedChecksummed(t, 2)
	if storedDigest(t, gdb) == "" {
		t.Fatal("no marker after the run")
	}
	execInTx(t, gdb, `SET LOCAL session_replication_role = replica; DELETE FROM migrations WHERE id = 'm02'`)
	if d := storedDigest(t, gdb); d != "" {
		t.Errorf("after a write in a replicating session the marker %q is still there", d)
	}
}

// A write the trigger did not see (the trigger disabled, as pg_restore
// --disable-triggers runs) leaves a marker that no longer describes the
// rows; the next run that writes a marker drops it, so the table never has
// two.
func TestAnUnseenWriteLeavesNoSecondMarker(t *testing.T) {
	t.Parallel()
	two := checksummed(2, "")
	url, c, _ := migratedPool(t, two)
	execInTx(t, c.DB, `ALTER TABLE migrations DISABLE TRIGGER `+digestTrigger+`; DELETE FROM migrations WHERE id = 'm02'`)
	one := mustHistory(t, two[:1]...)
	wantRowsReadThenDigest(t, url, one, "after a write with triggers disabled")
	if got, want := storedDigest(t, c.DB), expectedDigest(one, 0); got != want {
		t.Errorf("the marker spells %q, want %q", got, want)
	}
}

// Writing the digest again when the rows have not changed keeps the marker
// as it is (the same relation, not dropped and created anew).
func TestRewritingAnUnchangedDigestKeepsItsMarker(t *testing.T) {
	t.Parallel()
	gdb, h := migratedChecksummed(t, 2)
	marker := func() (oid uint32) {
		t.Helper()
		if err := gdb.Raw(`SELECT '` + digestMarker(TableName, expectedDigest(h, 1)) + `'::regclass::oid`).Scan(&oid).Error; err != nil {
			t.Fatal(err)
		}
		return oid
	}
	before := marker()
	if err := writeDigest(ctx, gdb, TableName); err != nil {
		t.Fatal(err)
	}
	if after := marker(); after != before {
		t.Errorf("the marker was created anew (OID %d, was %d)", after, before)
	}
}

// A bookkeeping table of the longest name keeps a marker (whose name does
// not grow with the table's), and is one statement when up to date.
func TestALongBookkeepingTableNameKeepsADigest(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	table := strings.Repeat("x", 63)
	if m := digestMarker(table, "d"); len(m) > 63 || !strings.HasPrefix(m, markerPrefix) {
		t.Fatalf("marker of a 63-byte name: %q", m)
	}
	h := mustHistory(t, checksummed(2, "")...)
	c := countedPool(t, url)
	for i, want := range []int64{0, 1} {
		opts, logs := testOpts(h, WithTable(table))
		before := c.Statements()
		if err := testMigrate(ctx, c.DB, opts...); err != nil {
			t.Fatal(err)
		}
		if got := c.Statements() - before; i == 1 && got != want {
			t.Errorf("the up-to-date run with table %s… sent %d statements, want 1; log: %s", table[:8], got, logs.String())
		}
	}
}

// A role that does not own the bookkeeping table (a replica's role, the
// owner being the deployment's) cannot rewrite a digest its own writes
// cleared: its starts read the rows and find the database up to date
// without taking the migration lock to try.
func TestARoleThatMayNotWriteTheDigestReadsTheRowsWithoutTheLock(t *testing.T) {
	t.Parallel()
	url := testdb.PostgresURL(t)
	ms := checksummed(2, "")
	upToDateStatements(t, url, mustHistory(t, ms[:1]...)) // the owner migrates m01
	replica := testdb.LimitedRole(t, url, 10)
	owner := countedPool(t, url)
	if err := owner.DB.Exec(`GRANT SELECT, INSERT, UPDATE, DELETE ON migrations TO ` +
		strings.SplitN(strings.TrimPrefix(replica, "postgres://"), "@", 2)[0]).Error; err != nil {
		t.Fatal(err)
	}
	h := mustHistory(t, ms...)
	if _, logs := upToDateStatements(t, replica, h); !strings.Contains(logs, "applying") {
		t.Fatalf("the replica's role did not apply m02: %s", logs)
	}
	if d := storedDigest(t, owner.DB); d != "" {
		t.Fatalf("the replica's role wrote a digest (%q) it should not be able to", d)
	}
	got, logs := upToDateStatements(t, replica, h)
	if !strings.Contains(logs, "up to date") || got != 3 {
		t.Errorf("the replica's start sent %d statements, want 3 (the digest, the rows, whether it may "+
			"rewrite the digest) and no lock; log: %s", got, logs)
	}
}
