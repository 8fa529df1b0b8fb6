package migrator

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/history"
)

// The bookkeeping SQL leaves its table and column names unquoted: they are
// lowercase and not reserved, and SQLite reads a double-quoted name that is
// not a column as a string literal, so a quoted column missing from a
// gormigrate table would read as its own name instead of failing.

// TableName is the bookkeeping table: gormigrate's default table, whose id
// column gormigrate reads, with matardb's columns added.
const TableName = "migrations"

// State is the state of a migration in the bookkeeping table.
type State string

// The states. A row without a status (written by plain gormigrate) is StateApplied.
const (
	StatePending State = "pending" // no row: not applied
	StateApplied State = "applied" // run by matardb or gormigrate
	StateAdopted State = "adopted" // recorded from an Alembic database's alembic_version, not run
	StateStamped State = "stamped" // recorded by Stamp, not run
	StateStarted State = "started" // a NoTransaction migration is running or was interrupted
	StateFailed  State = "failed"  // a NoTransaction migration failed part way
)

// done reports whether s counts as applied; StateStarted and StateFailed
// rows block every run until resolved with Stamp.
func (s State) done() bool { return s == StateApplied || s == StateAdopted || s == StateStamped }

// column is a bookkeeping column.
type column struct{ name, typ string }

// columns of the bookkeeping table. The first is gormigrate's; the others
// are matardb's, added to a table plain gormigrate created.
var columns = []column{
	{"id", "varchar(255) NOT NULL PRIMARY KEY"},
	{"message", "text"},
	{"applied_at", "timestamp"},  // UTC
	{"duration_ms", "bigint"},    // NULL when not run (adopted, stamped, gormigrate)
	{"checksum", "varchar(255)"}, // the history's checksum when applied
	{"seq", "bigint"},            // 1, 2, … in the order rows were written
	{"status", "varchar(16)"},    // a State; NULL means applied
}

// fastColumns are what the up-to-date check reads.
var fastColumns = []string{"id", "checksum", "status"}

func createTableSQL(table string) string {
	defs := make([]string, len(columns))
	for i, c := range columns {
		defs[i] = c.name + " " + c.typ
	}
	return fmt.Sprintf("CREATE TABLE %s (%s)", table, strings.Join(defs, ", "))
}

// ScriptTableSQL is the statement an offline SQL script starts with: the
// bookkeeping table as Up makes it, when missing. table is the bookkeeping
// table: TableName, or the name given to WithTable (see CheckTableName).
// It is valid on PostgreSQL and SQLite.
func ScriptTableSQL(table string) string {
	return strings.Replace(createTableSQL(table), "CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1)
}

// ScriptRecordSQL is the statement a SQL script for dialect d records m
// with in the bookkeeping table table: its row, with the message, checksum
// and order Up would write, and applied_at from the server's clock when
// the script runs (UTC), with no duration (a script cannot time its
// statements).
func ScriptRecordSQL(d dialect.Dialect, table string, m *history.Migration) string {
	now := "CURRENT_TIMESTAMP" // SQLite's is UTC
	if d == dialect.Postgres {
		now = "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')"
	}
	return literalRecordSQL(table, sqlString, m, now, -1, "")
}

// ScriptDeleteSQL is the statement a SQL script removes m's row from the
// bookkeeping table table with, once its rollback ran. It is valid on
// PostgreSQL and SQLite.
func ScriptDeleteSQL(table string, m *history.Migration) string {
	return deleteLiteralSQL(table, sqlString(m.ID))
}

// literalRecordSQL is insertSQL with m's row written in, strings quoted by
// quote: appliedAt (a SQL expression of the UTC time), the duration and the
// state, each left out (NULL) when "", negative or "" (a row without a
// state counts as applied).
func literalRecordSQL(table string, quote func(string) string, m *history.Migration, appliedAt string, d time.Duration, s State) string {
	cols, vals := []string{"id", "message"}, []string{quote(m.ID), quote(m.Message)}
	add := func(col, val string) {
		cols, vals = append(cols, col), append(vals, val)
	}
	if appliedAt != "" {
		add("applied_at", appliedAt)
	}
	if d >= 0 {
		add("duration_ms", fmt.Sprint(d.Milliseconds()))
	}
	if m.Checksum != "" {
		add("checksum", quote(m.Checksum))
	}
	add("seq", fmt.Sprintf("(SELECT COALESCE(MAX(seq), 0) + 1 FROM %s)", table))
	if s != "" {
		add("status", quote(string(s)))
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(cols, ", "), strings.Join(vals, ", "))
}

// record is one row of the bookkeeping table.
type record struct {
	ID        string
	Message   string
	AppliedAt time.Time     // zero when unknown
	Duration  time.Duration // zero when unknown
	Timed     bool          // Duration is known
	Checksum  string
	Seq       int64
	State     State
}

// readRecords reads cols (which must include id) of every bookkeeping row
// in one query.
func readRecords(ctx context.Context, db *gorm.DB, table string, cols []string) (map[string]*record, error) {
	rows, err := db.WithContext(ctx).Raw(fmt.Sprintf("SELECT %s FROM %s", strings.Join(cols, ", "), table)).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	recs := map[string]*record{}
	for rows.Next() {
		r, err := scanRecord(rows, cols)
		if err != nil {
			return nil, fmt.Errorf("read table %s: %w", table, err)
		}
		recs[r.ID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read table %s: %w", table, err)
	}
	return recs, nil
}

func scanRecord(rows *sql.Rows, cols []string) (*record, error) {
	var (
		id                  string
		message, sum, state sql.NullString
		at                  sql.NullTime
		ms, seq             sql.NullInt64
	)
	targets := map[string]any{"id": &id, "message": &message, "applied_at": &at,
		"duration_ms": &ms, "checksum": &sum, "seq": &seq, "status": &state}
	dest := make([]any, len(cols))
	for i, c := range cols {
		dest[i] = targets[c]
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	r := &record{ID: id, Message: message.String, AppliedAt: at.Time, Checksum: sum.String,
		Seq: seq.Int64, State: State(state.String), Timed: ms.Valid,
		Duration: time.Duration(ms.Int64) * time.Millisecond}
	if r.State == "" {
		r.State = StateApplied
	}
	return r, nil
}

// insertSQL writes one bookkeeping row; seq is computed in the statement so
// that it stays in order whoever wrote the previous row.
func insertSQL(table string) string {
	return fmt.Sprintf(`INSERT INTO %s (id, message, applied_at, duration_ms, checksum, seq, status) `+
		`VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM %s), ?)`, table, table)
}

// insertRecord writes the row of a migration; a negative duration is stored as NULL.
func insertRecord(db *gorm.DB, table, id, message, checksum string, d time.Duration, s State) error {
	if err := db.Exec(insertSQL(table), id, message, time.Now().UTC(), durationMS(d), nullIfEmpty(checksum), string(s)).Error; err != nil {
		return fmt.Errorf("record migration %s in table %s: %w", id, table, err)
	}
	return nil
}

// updateRecord sets the state and duration of a migration's row.
func updateRecord(db *gorm.DB, table, id string, d time.Duration, s State) error {
	q := fmt.Sprintf(`UPDATE %s SET status = ?, duration_ms = ?, applied_at = ? WHERE id = ?`, table)
	if err := db.Exec(q, string(s), durationMS(d), time.Now().UTC(), id).Error; err != nil {
		return fmt.Errorf("record migration %s as %s in table %s: %w", id, s, table, err)
	}
	return nil
}

// deleteLiteralSQL deletes the row whose id is the SQL literal id.
func deleteLiteralSQL(table, id string) string {
	return fmt.Sprintf(`DELETE FROM %s WHERE id = %s`, table, id)
}

// sqlString renders s as a standard SQL string literal, valid on
// PostgreSQL (with standard_conforming_strings, its default) and SQLite.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// deleteRecords removes the rows of ids.
func deleteRecords(db *gorm.DB, table string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	q := fmt.Sprintf(`DELETE FROM %s WHERE id IN ?`, table)
	if err := db.Exec(q, ids).Error; err != nil {
		return fmt.Errorf("delete rows %s from table %s: %w", strings.Join(ids, ", "), table, err)
	}
	return nil
}

func durationMS(d time.Duration) any {
	if d < 0 {
		return nil
	}
	return d.Milliseconds()
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
