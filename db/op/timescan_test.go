package op

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// TestTimeColumnsScanBackIntoTimeTime: every time kind a migration
// creates, on either dialect, scans back into a time.Time, whether the
// application or the server's CURRENT_TIMESTAMP wrote it,
// including a timestamptz (a model's untagged time.Time read for
// PostgreSQL) applied on SQLite.
func TestTimeColumnsScanBackIntoTimeTime(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		mustMigrate(t, gdb, CreateTable("clock",
			Col("id", Integer).NotNull(), Col("tz", TimestampTZ), Col("stamped", TimestampTZ).Default("CURRENT_TIMESTAMP"), Col("plain", Timestamp), Col("fine", TimestampTZPrecision(6)),
			PrimaryKey("id")))
		at := time.Date(2026, 11, 29, 10, 30, 0, 0, time.UTC)
		if err := gdb.Exec(`INSERT INTO clock (id, tz, plain, fine) VALUES (1, ?, ?, ?)`, at, at, at).Error; err != nil {
			t.Fatal(err)
		}
		var row struct{ Tz, Plain, Fine, Stamped time.Time }
		if err := gdb.Raw(`SELECT tz, plain, fine, stamped FROM clock`).Row().Scan(&row.Tz, &row.Plain, &row.Fine, &row.Stamped); err != nil {
			t.Fatalf("scan into time.Time: %v", err)
		}
		if time.Since(row.Stamped) > time.Hour {
			t.Errorf("the server's CURRENT_TIMESTAMP read back as %v", row.Stamped)
		}
		for _, got := range []time.Time{row.Tz, row.Plain, row.Fine} {
			if !got.Equal(at) {
				t.Errorf("read back %v, want %v", got, at)
			}
		}
	})
}
