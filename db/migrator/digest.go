package migrator

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// On PostgreSQL the up-to-date check asks the server one question whose
// answer does not grow with the history: does the digest of the
// bookkeeping rows equal the history's? The digest (the rows' count and an
// XOR of one hash per row) is kept in a small PL/pgSQL function beside the
// bookkeeping table, matardb_digest_<table>(), which returns it as a
// constant. Calling it is as cheap for the server as SELECT 1: nothing to
// plan, no catalog read (PL/pgSQL keeps the function compiled per session).
// The check is sent as one statement without parameters, so it travels in
// one simple-protocol message and the answer is its row count:
//
//	SELECT WHERE matardb_digest_migrations() = 'matardb digest v2 …'
//
// When the answer is one row, every migration up to the target has a done
// row with the history's checksum and there is no other row, so nothing is
// pending, modified or unknown. Any other answer (no row, no function) sends
// the caller to the full read, which names what differs.
//
// The digest is only as good as its freshness:
//   - A statement trigger on the bookkeeping table (matardb_digest_clear,
//     see digestTriggerSQL) replaces the function with one returning NULL
//     after every INSERT, UPDATE, DELETE or TRUNCATE, whoever runs it:
//     plain gormigrate, a hand-written statement, or matardb itself. A
//     writer that rolls back rolls the replacement back too.
//   - The function returns its digest only while the bookkeeping table it
//     was written for exists with the same OID, so dropping the table, or
//     dropping and re-creating it, is never mistaken for an applied history.
//   - matardb writes the function again, from a read of the rows, at the end
//     of each run under the migration lock (applying, rolling back,
//     stamping), in a transaction that locks the table against writers while
//     it reads and writes.
//
// A missing or NULL digest (a write behind matardb's back, a table from
// before the digest, an older matardb) sends the check to the full read,
// and when the rows' own digest differs from the stored one, to the locked
// path, which writes it.

// digestPrefix starts a digest; v1 was kept in the table's comment.
const digestPrefix = "matardb digest v2 "

// oldDigestPrefix starts the comment in which matardb kept the digest
// before v2; writeDigest removes such a comment so that an older matardb
// reading it finds nothing and reads the rows.
const oldDigestPrefix = "matardb digest v1 "

// digestTrigger names the trigger on every bookkeeping table and the
// trigger function it runs, which clears the table's digest.
const digestTrigger = "matardb_digest_clear"

// oldDigestTrigger is the trigger (and function) that cleared the v1
// digest; writeDigest drops the trigger from the table it manages and
// leaves the function to the tables of an older matardb.
const oldDigestTrigger = "matardb_migrations_changed"

// digestLockSpace is the first key of the advisory lock the trigger takes
// (with the table's OID as the second), so that two writers of one
// bookkeeping table replace its digest function one after the other.
// Two-key advisory locks never collide with the one-key migration lock.
const digestLockSpace = 0x6d646267 // "mdbg"

// digestFunction names the function that returns table's digest:
// matardb_digest_<table>, or a name derived from a hash of table when
// that would exceed PostgreSQL's 63-byte identifiers.
func digestFunction(table string) string {
	name := "matardb_digest_" + table
	if len(name) > 63 {
		sum := sha256.Sum256([]byte(table))
		name = "matardb_digest_" + hex.EncodeToString(sum[:8])
	}
	return name
}

// digestCheckSQL is the up-to-date question: one row when table's stored
// digest is want.
func digestCheckSQL(table, want string) string {
	return `SELECT WHERE ` + digestFunction(table) + `() = ` + pgString(want)
}

// digestIs asks the server check, a digestCheckSQL question, in one
// statement without parameters (one message, one round trip). It runs on
// pool directly, not through GORM's callbacks: it is the whole cost of an
// up-to-date start. A missing function is an error, and means no.
func digestIs(ctx context.Context, pool gorm.ConnPool, check string) (bool, error) {
	res, err := pool.ExecContext(ctx, check)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return err == nil && n == 1, err
}

// digestFunctionSQL (re)defines table's digest function, in schema, to
// return digest while the table with OID oid exists under that name, NULL
// otherwise (digest "" returns NULL always).
func digestFunctionSQL(schema, table string, oid uint32, digest string) string {
	body := `BEGIN RETURN NULL; END`
	if digest != "" {
		qualified := pgIdent(schema) + "." + pgIdent(table)
		body = fmt.Sprintf(`BEGIN IF pg_catalog.to_regclass(%s)::pg_catalog.oid = %d THEN RETURN %s; END IF; RETURN NULL; END`,
			pgString(qualified), oid, pgString(digest))
	}
	return `CREATE OR REPLACE FUNCTION ` + pgIdent(schema) + `.` + digestFunction(table) +
		`() RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS ` + pgString(body)
}

// digestTriggerSQL creates the trigger that clears the digest of table on
// any write, in statements sent together in one message, and drops the v1
// trigger. The function runs with its owner's rights (the owner of the
// digest function), so that a writer who does not own it still clears it;
// it serves every bookkeeping table, the digest function's name being the
// trigger's argument.
func digestTriggerSQL(table string) []string {
	clear := `BEGIN ` +
		fmt.Sprintf(`PERFORM pg_catalog.pg_advisory_xact_lock(%d, TG_RELID::pg_catalog.int4); `, digestLockSpace) +
		`EXECUTE pg_catalog.format('CREATE OR REPLACE FUNCTION %I.%I() RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS %L', ` +
		`TG_TABLE_SCHEMA, TG_ARGV[0], 'BEGIN RETURN NULL; END'); RETURN NULL; END`
	return []string{
		`CREATE OR REPLACE FUNCTION ` + digestTrigger + `() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER ` +
			`SET search_path = pg_catalog, pg_temp AS ` + pgString(clear),
		`DROP TRIGGER IF EXISTS ` + oldDigestTrigger + ` ON ` + table,
		`DROP TRIGGER IF EXISTS ` + digestTrigger + ` ON ` + table,
		`CREATE TRIGGER ` + digestTrigger + ` AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ` + table +
			` FOR EACH STATEMENT EXECUTE FUNCTION ` + digestTrigger + `(` + pgString(digestFunction(table)) + `)`,
	}
}

// digest is an order-independent digest of bookkeeping rows: their number
// and the XOR of one hash per row, so that adding or removing a row
// changes it by that row alone.
type digest struct {
	count int
	sum   [16]byte
}

// add folds one row into d: its id, checksum, and "done" for a row that
// counts as applied, its state otherwise.
func (d *digest) add(id, checksum string, s State) {
	state := string(s)
	if s.done() {
		state = "done"
	}
	h := sha256.Sum256([]byte(id + "\x00" + checksum + "\x00" + state))
	for i := range d.sum {
		d.sum[i] ^= h[i]
	}
	d.count++
}

// String is the digest as the function returns it.
func (d digest) String() string {
	return fmt.Sprintf("%s%d %s", digestPrefix, d.count, hex.EncodeToString(d.sum[:]))
}

// rowsDigest is the digest of recs.
func rowsDigest(recs map[string]*record) digest {
	var d digest
	for _, r := range recs {
		d.add(r.ID, r.Checksum, r.State)
	}
	return d
}

// digests caches, per history, target and table, the expected digest and
// the question that asks for it: histories do not change once built, and
// a replica asks once per start.
var digests sync.Map // digestKey → expected

type digestKey struct {
	h     *history.History
	last  int
	table string
}

type expected struct{ digest, check string }

// expectedFor is the digest of h's migrations up to index last, all done
// with their checksums, and the question asking table for it.
func expectedFor(h *history.History, last int, table string) expected {
	k := digestKey{h, last, table}
	if e, ok := digests.Load(k); ok {
		return e.(expected)
	}
	var d digest
	for i := 0; i <= last; i++ {
		m := h.At(i)
		d.add(m.ID, m.Checksum, StateApplied)
	}
	e := expected{digest: d.String(), check: digestCheckSQL(table, d.String())}
	digests.Store(k, e)
	return e
}

// writeDigest writes the digest of the bookkeeping rows into table's digest
// function, creating the trigger that clears it first, in one transaction
// on conn that locks the table against writers from before it reads the
// rows until it commits. It runs under the migration lock. A v1 digest in
// the table's comment is removed.
func writeDigest(ctx context.Context, conn *gorm.DB, table string) error {
	return conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		lock := `LOCK TABLE ` + table + ` IN SHARE ROW EXCLUSIVE MODE`
		if err := tx.Exec(strings.Join(append([]string{lock}, digestTriggerSQL(table)...), "; ")).Error; err != nil {
			return err
		}
		var (
			schema  string
			oid     uint32
			comment sql.NullString
		)
		if err := tx.Raw(`SELECT n.nspname, c.oid, pg_catalog.obj_description(c.oid, 'pg_class') `+
			`FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace `+
			`WHERE c.oid = pg_catalog.to_regclass(?)`, table).Row().Scan(&schema, &oid, &comment); err != nil {
			return err
		}
		recs, err := readRecords(ctx, tx, table, fastColumns)
		if err != nil {
			return err
		}
		write := digestFunctionSQL(schema, table, oid, rowsDigest(recs).String())
		if strings.HasPrefix(comment.String, oldDigestPrefix) {
			write += `; COMMENT ON TABLE ` + table + ` IS NULL`
		}
		return tx.Exec(write).Error
	})
}

// mayWriteDigest reports whether the connected role may write table's
// digest (writeDigest): it must be a member of the role owning the table
// (to replace its trigger) and of the roles owning the digest's functions
// where they exist, and may create in the table's schema. A role that may
// not would take the migration lock at every start to try, and fail: a
// replica sharing the database with the role that owns the bookkeeping
// table. When the answer is unknown (an error, no table yet) it is yes,
// and the locked path finds out.
func mayWriteDigest(ctx context.Context, gdb *gorm.DB, table string) bool {
	var may *bool
	err := gdb.WithContext(ctx).Raw(`SELECT pg_catalog.pg_has_role(c.relowner, 'USAGE') `+
		`AND pg_catalog.has_schema_privilege(c.relnamespace, 'CREATE') `+
		`AND NOT EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.oid IN `+
		`(pg_catalog.to_regprocedure(?), pg_catalog.to_regprocedure(?)) AND NOT pg_catalog.pg_has_role(p.proowner, 'USAGE')) `+
		`FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(?)`,
		digestTrigger+"()", digestFunction(table)+"()", table).Scan(&may).Error
	return err != nil || may == nil || *may
}

// digestStale reports whether the stored digest no longer describes recs,
// the rows read on tx, where the dialect keeps one and writing it has not
// failed before: a run that finds nothing to do then goes on to the path
// that writes it, so that the next start is one query again. It asks the
// server the up-to-date check's question; a failed question (no digest
// function) aborts tx's transaction, which the caller's savepoint undoes.
func (m *Migrator) digestStale(ctx context.Context, tx *gorm.DB, recs map[string]*record) (bool, error) {
	if !hasDigest(m.d) || m.noDigest.Load() {
		return false, nil
	}
	same, err := m.digestIs(ctx, tx.Statement.ConnPool, digestCheckSQL(m.cfg.table, rowsDigest(recs).String()))
	return !same, err
}

// hasDigest reports whether d keeps a digest (PostgreSQL).
func hasDigest(d backend) bool {
	_, ok := d.(postgresDialect)
	return ok
}

// storeDigest writes the digest at the end of a run under the lock. A
// failure (a role that may not create the functions) costs only speed: the
// up-to-date checks read the rows, and this Migrator no longer takes the
// lock to rewrite the digest.
func (m *Migrator) storeDigest(ctx context.Context, conn *gorm.DB) {
	if !hasDigest(m.d) {
		return
	}
	if err := writeDigest(ctx, conn, m.cfg.table); err != nil {
		m.noDigest.Store(true)
		m.cfg.logger.DebugContext(ctx, "bookkeeping digest not written; up-to-date checks read the rows", "error", err)
	}
}

// pgIdent renders name as a quoted identifier.
func pgIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
