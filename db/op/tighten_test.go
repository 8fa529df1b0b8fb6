package op

import (
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// Finding 5: a column tightened to NOT NULL on a table holding NULLs
// failed at deploy ("column contains null values"); Backfill fills them
// first, on both databases.
func TestTighteningToNotNullBackfillsTheNulls(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		mustMigrate(t, gdb, CreateTable("person", Col("id", Integer).NotNull(), Col("nick", Text), PrimaryKey("id")))
		exec(t, gdb, `INSERT INTO "person" ("id", "nick") VALUES (1, 'ann'), (2, NULL)`)
		if err := migrate(t, gdb, AlterColumn("person", "nick").SetNotNull(true)); err == nil {
			t.Fatal("tightening a column holding NULL without a backfill succeeded")
		}
		mustMigrate(t, gdb, AlterColumn("person", "nick").SetNotNull(true).Backfill("'anonymous'"))
		wantValues(t, gdb, "person", "nick", "ann", "anonymous")
		if c := mustColumn(t, gdb, "person", "nick"); !c.NotNull {
			t.Fatalf("person.nick = %+v, want NOT NULL", c)
		}
		rejects(t, gdb, `INSERT INTO "person" ("id") VALUES (3)`)
	})
}

func TestAlterColumnBackfillRendersAsGo(t *testing.T) {
	o := AlterColumn("person", "nick").SetNotNull(true).Backfill("'x'")
	if got, want := o.GoString(), `op.AlterColumn("person", "nick").SetNotNull(true).Backfill("'x'")`; got != want {
		t.Fatalf("GoString = %s, want %s", got, want)
	}
}
