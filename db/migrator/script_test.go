package migrator

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/internal/testdb"
)

// Finding 7: after applying upgrade --sql output, status showed every
// migration applied at 0001-01-01 00:00:00.
func TestAnOfflineScriptRecordsTheServersTime(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ctx := context.Background()
		h := mustHistory(t, tableChain(1)...)
		d, zone := dialect.SQLite, "SELECT 1"
		if gdb.Dialector.Name() == "postgres" {
			// A session far from UTC: the row must still be UTC.
			d, zone = dialect.Postgres, `SET TIME ZONE 'Pacific/Kiritimati'`
		}
		before := time.Now().UTC().Add(-time.Minute)
		err := gdb.Connection(func(conn *gorm.DB) error {
			for _, q := range []string{zone, ScriptTableSQL(TableName), ScriptRecordSQL(d, TableName, h.At(0))} {
				if err := conn.Exec(q).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		opts, _ := testOpts(h)
		m, err := New(gdb, h, opts[1:]...)
		if err != nil {
			t.Fatal(err)
		}
		st, err := m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		at := st[0].AppliedAt
		if !st[0].Applied() || at.Before(before) || at.After(time.Now().UTC().Add(time.Minute)) {
			t.Fatalf("status after the script: applied %v at %v, want applied within a minute of now (UTC)", st[0].Applied(), at)
		}
	})
}
