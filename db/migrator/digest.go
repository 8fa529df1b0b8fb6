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
// XOR of one hash per row) names a marker beside the bookkeeping table: an
// empty sequence, matardb_digest_<hash of the table's name and the
// digest>, owned by the table's id column. The question is whether the
// marker of the history's digest exists, asked as a regclass literal, which
// the server resolves while parsing (two catalog cache lookups) with
// nothing to plan or call. It is sent as one statement without parameters,
// so it travels in one simple-protocol message, and the answer is its row
// count:
//
//	SELECT WHERE 'matardb_digest_…'::pg_catalog.regclass IS NOT NULL
//
// When the answer is one row, every migration up to the target has a done
// row with the history's checksum and there is no other row, so nothing is
// pending, modified or unknown. Any other answer (an error: no such
// relation) sends the caller to the full read, which names what differs.
//
// The marker is only as good as its freshness:
//   - A statement trigger on the bookkeeping table (matardb_digest_drop,
//     see digestTriggerSQL) drops the table's markers after every INSERT,
//     UPDATE, DELETE or TRUNCATE, whoever runs it: plain gormigrate, a
//     hand-written statement, or matardb itself, replicating sessions
//     included (ENABLE ALWAYS). A writer that rolls back rolls the drop
//     back too. Only a write with the trigger disabled (ALTER TABLE …
//     DISABLE TRIGGER, as pg_restore --disable-triggers runs) is not seen.
//   - The marker is owned by the table, so dropping the table drops it:
//     dropping the table, or dropping and re-creating it, is never mistaken
//     for an applied history.
//   - matardb creates the marker again, from a read of the rows, at the end
//     of each run under the migration lock (applying, rolling back,
//     stamping), in a transaction that locks the table against writers while
//     it reads and writes. The marker's comment spells the digest out.
//
// A missing marker (a write behind matardb's back, a table from before the
// marker, an older matardb) sends the check to the full read, and when the
// rows' own marker is missing too, to the locked path, which writes it.
//
// Earlier versions kept the digest elsewhere, and a run of this version
// removes what they left: v1 in the table's comment (with the trigger
// matardb_migrations_changed), v2 in a PL/pgSQL function returning it
// (matardb_digest_<table>, with the trigger matardb_digest_clear), which
// the server had to call at every check. An older binary then finds no
// digest of its own and reads the rows.

// digestPrefix starts a digest as the marker's comment spells it.
const digestPrefix = "matardb digest v3 "

// v1DigestPrefix starts the comment in which matardb kept the digest in
// v1; writeDigest removes such a comment.
const v1DigestPrefix = "matardb digest v1 "

// digestTrigger names the trigger on every bookkeeping table and the
// trigger function it runs, which drops the table's markers.
const digestTrigger = "matardb_digest_drop"

// v1DigestTrigger and v2DigestTrigger are the triggers (and functions)
// that cleared the v1 and v2 digests; writeDigest drops the triggers from
// the table it manages and leaves the functions, which other tables of an
// older matardb may still use.
const (
	v1DigestTrigger = "matardb_migrations_changed"
	v2DigestTrigger = "matardb_digest_clear"
)

// markerPrefix starts the name of every marker.
const markerPrefix = "matardb_digest_"

// digestMarker names the marker saying that table's rows have digest: the
// prefix and 128 bits of a hash of both, 47 bytes whatever the table.
func digestMarker(table, digest string) string {
	sum := sha256.Sum256([]byte(table + "\x00" + digest))
	return markerPrefix + hex.EncodeToString(sum[:16])
}

// markersOf selects the schema and name of the markers owned by the table
// whose OID rel is (an SQL expression), ordered by name, so that two
// transactions dropping them lock them in the same order.
func markersOf(rel string) string {
	return `SELECT sn.nspname, s.relname FROM pg_catalog.pg_depend d ` +
		`JOIN pg_catalog.pg_class s ON s.oid = d.objid ` +
		`JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace ` +
		`WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass ` +
		`AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass ` +
		`AND d.refobjid = ` + rel + ` AND d.deptype = 'a' AND s.relkind = 'S' ` +
		`AND s.relname LIKE 'matardb\_digest\_%' ORDER BY s.relname`
}

// v2DigestFunction names the function that returned table's v2 digest:
// matardb_digest_<table>, or a name derived from a hash of table when
// that would exceed PostgreSQL's 63-byte identifiers.
func v2DigestFunction(table string) string {
	name := markerPrefix + table
	if len(name) > 63 {
		sum := sha256.Sum256([]byte(table))
		name = markerPrefix + hex.EncodeToString(sum[:8])
	}
	return name
}

// digestCheckSQL is the up-to-date question: one row when table's rows
// have digest want (its marker exists), an error otherwise.
func digestCheckSQL(table, want string) string {
	return `SELECT WHERE '` + digestMarker(table, want) + `'::pg_catalog.regclass IS NOT NULL`
}

// digestIs asks the server check, a digestCheckSQL question, in one
// statement without parameters (one message, one round trip). It runs on
// pool directly, not through GORM's callbacks: it is the whole cost of an
// up-to-date start. A missing marker is an error, and means no.
func digestIs(ctx context.Context, pool gorm.ConnPool, check string) (bool, error) {
	res, err := pool.ExecContext(ctx, check)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return err == nil && n == 1, err
}

// digestTriggerSQL creates the trigger that drops the markers of table on
// any write, in statements sent together in one message, and drops the v1
// and v2 triggers. The trigger fires always, in a session replicating too
// (session_replication_role = replica: a logical replica's apply, a tool
// copying rows), so that only a trigger disabled by name is bypassed. The
// function runs with its owner's rights (the owner of the markers), so
// that a writer who does not own them still drops them; it serves every
// bookkeeping table.
func digestTriggerSQL(table string) []string {
	drop := `DECLARE m record; BEGIN FOR m IN ` + markersOf(`TG_RELID`) + ` LOOP ` +
		`EXECUTE pg_catalog.format('DROP SEQUENCE IF EXISTS %I.%I', m.nspname, m.relname); END LOOP; RETURN NULL; END`
	return []string{
		`CREATE OR REPLACE FUNCTION ` + digestTrigger + `() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER ` +
			`SET search_path = pg_catalog, pg_temp AS ` + pgString(drop),
		`DROP TRIGGER IF EXISTS ` + v1DigestTrigger + ` ON ` + table,
		`DROP TRIGGER IF EXISTS ` + v2DigestTrigger + ` ON ` + table,
		`DROP TRIGGER IF EXISTS ` + digestTrigger + ` ON ` + table,
		`CREATE TRIGGER ` + digestTrigger + ` AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ` + table +
			` FOR EACH STATEMENT EXECUTE FUNCTION ` + digestTrigger + `()`,
		`ALTER TABLE ` + table + ` ENABLE ALWAYS TRIGGER ` + digestTrigger,
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

// String is the digest as the marker's name hashes it and its comment spells it.
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

// writeDigest writes the marker of the digest of the bookkeeping rows,
// creating the trigger that drops it first, in one transaction on conn
// that locks the table against writers from before it reads the rows until
// it commits. It runs under the migration lock. Other markers of the table
// (left by writes the trigger did not see: the trigger disabled) are dropped,
// and so are a v1 digest in the table's comment and a v2 digest function.
func writeDigest(ctx context.Context, conn *gorm.DB, table string) error {
	return conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		lock := `LOCK TABLE ` + table + ` IN SHARE ROW EXCLUSIVE MODE`
		if err := tx.Exec(strings.Join(append([]string{lock}, digestTriggerSQL(table)...), "; ")).Error; err != nil {
			return err
		}
		var schema string
		var comment, markers sql.NullString // markers: their names, in order, comma-separated
		if err := tx.Raw(`SELECT n.nspname, pg_catalog.obj_description(c.oid, 'pg_class'), `+
			`(SELECT pg_catalog.string_agg(m.relname, ',') FROM (`+markersOf(`c.oid`)+`) m) `+
			`FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace `+
			`WHERE c.oid = pg_catalog.to_regclass(?)`, table).Row().Scan(&schema, &comment, &markers); err != nil {
			return err
		}
		recs, err := readRecords(ctx, tx, table, fastColumns)
		if err != nil {
			return err
		}
		digest := rowsDigest(recs).String()
		name := digestMarker(table, digest)
		inSchema := func(name string) string { return pgIdent(schema) + "." + pgIdent(name) } // a marker is in its table's schema
		marker := inSchema(name)
		write := []string{`DROP FUNCTION IF EXISTS ` + inSchema(v2DigestFunction(table)) + `()`}
		if strings.HasPrefix(comment.String, v1DigestPrefix) {
			write = append(write, `COMMENT ON TABLE `+table+` IS NULL`)
		}
		if markers.String != name {
			for old := range strings.SplitSeq(markers.String, ",") {
				if old != "" {
					write = append(write, `DROP SEQUENCE `+inSchema(old))
				}
			}
			write = append(write,
				`CREATE SEQUENCE `+marker+` OWNED BY `+pgIdent(schema)+`.`+table+`.id`,
				`COMMENT ON SEQUENCE `+marker+` IS `+pgString(digest+": matardb's digest of the rows of "+table+
					"; dropped by any write to them, written again by matardb's next run"))
		}
		return tx.Exec(strings.Join(write, "; ")).Error
	})
}

// mayWriteDigest reports whether the connected role may write table's
// marker (writeDigest): it must be a member of the role owning the table
// (to replace its trigger and own the marker) and of the roles owning the
// trigger function and a v2 digest function where they exist, and may
// create in the table's schema. A role that may not would take the
// migration lock at every start to try, and fail: a replica sharing the
// database with the role that owns the bookkeeping table. When the answer
// is unknown (an error, no table yet) it is yes, and the locked path finds
// out.
func mayWriteDigest(ctx context.Context, gdb *gorm.DB, table string) bool {
	var may *bool
	err := gdb.WithContext(ctx).Raw(`SELECT pg_catalog.pg_has_role(c.relowner, 'USAGE') `+
		`AND pg_catalog.has_schema_privilege(c.relnamespace, 'CREATE') `+
		`AND NOT EXISTS (SELECT FROM pg_catalog.pg_proc p WHERE p.oid IN `+
		`(pg_catalog.to_regprocedure(?), pg_catalog.to_regprocedure(?)) AND NOT pg_catalog.pg_has_role(p.proowner, 'USAGE')) `+
		`FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(?)`,
		digestTrigger+"()", v2DigestFunction(table)+"()", table).Scan(&may).Error
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
