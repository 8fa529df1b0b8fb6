package op

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// What Apply sends is marked, and only that: upgrade --sql tells the
// operations' SQL from a migration's own statements this way.
func TestIssuedMarksTheStatementsApplySendsAndNoOthers(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		marked := map[string]bool{}
		record := func(tx *gorm.DB) { marked[tx.Statement.SQL.String()] = Issued(tx.Statement.Context) }
		if err := gdb.Callback().Raw().After("gorm:raw").Register("test:issued", record); err != nil {
			t.Fatal(err)
		}
		if err := Apply(gdb, CreateTable("note", Col("_id", String).NotNull(), PrimaryKey("_id"))); err != nil {
			t.Fatal(err)
		}
		own := `INSERT INTO "note" ("_id") VALUES ('mine')`
		if err := gdb.Exec(own).Error; err != nil {
			t.Fatal(err)
		}
		var fromApply int
		for sql, issued := range marked {
			switch {
			case sql == own && issued:
				t.Errorf("the caller's own statement is marked as Apply's")
			case sql != own && issued:
				fromApply++
			case sql != own:
				t.Errorf("Apply's statement %q is not marked", sql)
			}
		}
		if fromApply == 0 {
			t.Error("no statement of Apply was seen")
		}
		if Issued(context.Background()) {
			t.Error("a plain context reports Issued")
		}
	})
}
