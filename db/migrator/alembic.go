package migrator

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// adoptRowsPerInsert bounds the rows (7 parameters each) of one INSERT,
// below SQLite's and PostgreSQL's parameter limits.
const adoptRowsPerInsert = 100

// adoptAlembic records, inside tx (the one that created the bookkeeping
// table), the migrations up to and including the revision in alembic_version
// as adopted: the database was built by the Alembic revisions the history
// ports, so running them again would fail. An empty or absent alembic_version
// adopts nothing. A revision the history does not contain fails with
// ErrUnknownAlembicRevision, and the caller's rollback leaves nothing changed.
//
// The alembic_version table is left as it is: during a transition the old
// Alembic-based application may still read it, and Alembic would otherwise
// believe the database is empty.
func adoptAlembic(ctx context.Context, tx *gorm.DB, d backend, cfg *config) error {
	cols, err := d.columns(tx, "alembic_version")
	if err != nil || len(cols) == 0 {
		return err
	}
	var revs []string
	if err := tx.Raw(`SELECT version_num FROM alembic_version ORDER BY 1`).Scan(&revs).Error; err != nil {
		return fmt.Errorf("read table alembic_version: %w", err)
	}
	switch {
	case len(revs) == 0:
		return nil
	case len(revs) > 1:
		return fmt.Errorf("%w: alembic_version holds several heads (%s); merge them with Alembic first",
			ErrUnknownAlembicRevision, strings.Join(revs, ", "))
	}
	pos, ok := cfg.history.Position(revs[0])
	if !ok {
		return fmt.Errorf("%w: alembic_version says the database is at revision %s; "+
			"deploy code whose history contains %s, nothing was changed", ErrUnknownAlembicRevision, revs[0], revs[0])
	}
	if err := insertAdopted(tx, cfg, pos+1); err != nil {
		return err
	}
	cfg.logger.InfoContext(ctx, "adopted the Alembic database", "revision", revs[0], "recorded", pos+1)
	return nil
}

// insertAdopted records the first n migrations of the history as adopted,
// in order (seq 1…n).
func insertAdopted(tx *gorm.DB, cfg *config, n int) error {
	now := time.Now().UTC()
	for start := 0; start < n; start += adoptRowsPerInsert {
		end := min(start+adoptRowsPerInsert, n)
		values := make([]string, 0, end-start)
		args := make([]any, 0, 7*(end-start))
		for i := start; i < end; i++ {
			m := cfg.history.At(i)
			values = append(values, "(?, ?, ?, ?, ?, ?, ?)")
			args = append(args, m.ID, m.Message, now, nil, nullIfEmpty(m.Checksum), int64(i+1), string(StateAdopted))
		}
		q := fmt.Sprintf(`INSERT INTO %s (id, message, applied_at, duration_ms, checksum, seq, status) VALUES %s`,
			cfg.table, strings.Join(values, ", "))
		if err := tx.Exec(q, args...).Error; err != nil {
			return fmt.Errorf("record the migrations adopted from Alembic: %w", err)
		}
	}
	return nil
}
