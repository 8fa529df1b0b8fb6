package migrator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
)

// On PostgreSQL the up-to-date check reads one short value instead of the
// bookkeeping rows: a digest of the rows, kept in the comment of the
// bookkeeping table (COMMENT ON TABLE), which one catalog lookup finds
// whatever the number of rows. When it equals the digest of what the
// history says should be applied, every migration up to the target has a
// done row with the history's checksum and there is no other row, so
// nothing is pending, modified or unknown. Any other answer sends the
// caller to the full read, which names what differs.
//
// The digest is only as good as its freshness. A statement trigger on the
// bookkeeping table (see digestTriggerSQL) clears the comment after every
// INSERT, UPDATE, DELETE or TRUNCATE, whoever runs it: plain gormigrate,
// a hand-written statement, or matardb itself. matardb writes the comment
// again, from a read of the rows, at the end of each run under the
// migration lock (applying, rolling back, stamping), in a transaction that
// locks the table against writers while it reads and writes. A missing
// comment (a write behind matardb's back, a table from before the digest,
// an older matardb) sends the check to the full read, and when the rows'
// own digest differs from the comment, to the locked path, which writes it.

// digestPrefix starts a comment that holds a digest; any other comment is
// not one.
const digestPrefix = "matardb digest v1 "

// digestSQL reads the comment of table: one index lookup in
// pg_description, nothing to prepare, and cheap to plan (obj_description,
// an SQL function, costs about three times as much to plan and run as this
// query written out).
func digestSQL(table string) string {
	return `SELECT description FROM pg_catalog.pg_description ` +
		`WHERE objoid = to_regclass(` + pgString(table) + `) AND classoid = 'pg_catalog.pg_class'::regclass AND objsubid = 0`
}

// digestFunction is the trigger function that clears the comment.
const digestFunction = "matardb_migrations_changed"

// digestTriggerSQL creates the trigger that clears the digest of table on
// any write, in statements sent together in one message. The function
// runs with its owner's rights (the owner of the table, who may comment on
// it), so that a writer who does not own the table still clears it; it
// serves every bookkeeping table, naming the one it fired on.
func digestTriggerSQL(table string) []string {
	return []string{
		`CREATE OR REPLACE FUNCTION ` + digestFunction + `() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER ` +
			`SET search_path = pg_catalog, pg_temp AS $$ BEGIN ` +
			`EXECUTE format('COMMENT ON TABLE %s IS NULL', TG_RELID::regclass); RETURN NULL; END $$`,
		`DROP TRIGGER IF EXISTS ` + digestFunction + ` ON ` + table,
		`CREATE TRIGGER ` + digestFunction + ` AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ` + table +
			` FOR EACH STATEMENT EXECUTE FUNCTION ` + digestFunction + `()`,
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

// String is the digest as the comment holds it.
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

// digests caches each history's expected digest per target: histories do
// not change once built, and a replica asks once per start.
var digests sync.Map // digestKey → string

type digestKey struct {
	h    *history.History
	last int
}

// expectedDigest is the digest of h's migrations up to index last, all
// done with their checksums.
func expectedDigest(h *history.History, last int) string {
	k := digestKey{h, last}
	if s, ok := digests.Load(k); ok {
		return s.(string)
	}
	var d digest
	for i := 0; i <= last; i++ {
		m := h.At(i)
		d.add(m.ID, m.Checksum, StateApplied)
	}
	digests.Store(k, d.String())
	return d.String()
}

// readDigest returns the comment of the bookkeeping table, "" when it has
// none or the table is missing.
func readDigest(ctx context.Context, gdb *gorm.DB, table string) (string, error) {
	var comments []string
	if err := gdb.WithContext(ctx).Raw(digestSQL(table)).Scan(&comments).Error; err != nil {
		return "", err
	}
	if len(comments) != 1 || !strings.HasPrefix(comments[0], digestPrefix) {
		return "", nil
	}
	return comments[0], nil
}

// writeDigest writes the digest of the bookkeeping rows into the table's
// comment, creating the trigger that clears it first, in one transaction
// on conn that locks the table against writers from before it reads the
// rows until it commits. It runs under the migration lock.
func writeDigest(ctx context.Context, conn *gorm.DB, table string) error {
	return conn.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		lock := `LOCK TABLE ` + table + ` IN SHARE ROW EXCLUSIVE MODE`
		if err := tx.Exec(strings.Join(append([]string{lock}, digestTriggerSQL(table)...), "; ")).Error; err != nil {
			return err
		}
		recs, err := readRecords(ctx, tx, table, fastColumns)
		if err != nil {
			return err
		}
		return tx.Exec(`COMMENT ON TABLE ` + table + ` IS ` + pgString(rowsDigest(recs).String())).Error
	})
}

// digestStale reports whether the stored digest no longer describes recs,
// the rows read on tx, where the dialect keeps one and writing it has not
// failed before: a run that finds nothing to do then goes on to the path
// that writes it, so that the next start is one query again.
func (m *Migrator) digestStale(ctx context.Context, tx *gorm.DB, recs map[string]*record) (bool, error) {
	if !hasDigest(m.d) || m.noDigest.Load() {
		return false, nil
	}
	stored, err := readDigest(ctx, tx, m.cfg.table)
	if err != nil {
		return false, err
	}
	return stored != rowsDigest(recs).String(), nil
}

// hasDigest reports whether d keeps a digest (PostgreSQL).
func hasDigest(d backend) bool {
	_, ok := d.(postgresDialect)
	return ok
}

// storeDigest writes the digest at the end of a run under the lock. A
// failure (a role that may not create the trigger) costs only speed: the
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
