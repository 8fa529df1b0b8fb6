package migrations_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
)

// Upgrading one migration at a time and then rolling back one at a time
// passes through the same schemas in reverse, exactly; rolling everything
// back leaves only the bookkeeping table.
func TestEachRollbackRestoresThePreviousSchemaExactly(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		schemas := []*schema.Schema{readSchema(t, gdb)}
		for _, m := range h.Migrations() {
			upgrade(t, gdb, h, m.ID)
			schemas = append(schemas, readSchema(t, gdb))
		}
		if got := schemas[len(schemas)-1]; len(got.Tables) == 0 {
			t.Fatal("the history built no tables")
		}
		for i := h.Len() - 1; i >= 0; i-- {
			m := h.At(i)
			rollback(t, gdb, h, m.Parent)
			sameSchema(t, "after rolling back "+m.ID, readSchema(t, gdb), schemas[i])
		}
		if got := allTables(t, gdb); !slices.Equal(got, []string{bookkeeping}) {
			t.Fatalf("after rolling everything back the database holds %v, want only %q", got, bookkeeping)
		}
	})
}

// allTables lists every table in the database, bookkeeping included.
func allTables(t *testing.T, gdb *gorm.DB) []string {
	t.Helper()
	q := `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`
	if gdb.Dialector.Name() == "sqlite" {
		q = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`
	}
	var names []string
	if err := gdb.Raw(q).Scan(&names).Error; err != nil {
		t.Fatalf("list tables: %v", err)
	}
	return names
}

// Rows written at 01ea0e75088a keep the values of every column a rollback
// and re-upgrade does not touch. Columns and tables that were dropped come
// back empty, which shows the rollback really ran.
func TestRowsInUntouchedColumnsSurviveRollbackAndUpgrade(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	const at = "01ea0e75088a"
	cases := []struct {
		rollbackTo string
		lost       map[string][]string // table -> columns that come back NULL; "*" for every row gone
	}{
		{"4640e9af0234", map[string][]string{"post_activity": {"organization_id"}}},
		{"29edbf20051e", map[string][]string{
			"organization":  {"*"},
			"user":          {"roles"},
			"category":      {"organization_id"},
			"post":          {"organization_id"},
			"post_activity": {"organization_id"},
		}},
	}
	for _, tc := range cases {
		t.Run("rollback to "+tc.rollbackTo, func(t *testing.T) {
			t.Parallel()
			testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
				upgrade(t, gdb, h, at)
				insertRows(t, gdb, true)
				cols := columnsAt(at)
				before := readInserted(t, gdb, cols)
				rollback(t, gdb, h, tc.rollbackTo)
				upgrade(t, gdb, h, at)
				after := readRows(t, gdb, cols)
				for table, rows := range before {
					want := withLost(rows, tc.lost[table])
					if !sameRows(after[table], want) {
						t.Errorf("%s after rollback to %s and upgrade:\n got %v\nwant %v", table, tc.rollbackTo, after[table], want)
					}
				}
				upgrade(t, gdb, h, h.Head())
				for table, c := range cols {
					if got := readTable(t, gdb, table, c); !sameRows(got, after[table]) {
						t.Errorf("%s after upgrading to head %s:\n got %v\nwant %v", table, h.Head(), got, after[table])
					}
				}
			})
		})
	}
}

// columnsAt lists, per table, the columns the schema has at rev
// (4640e9af0234 or 01ea0e75088a).
func columnsAt(rev string) map[string][]string {
	cols := map[string][]string{
		"organization":  {"_id", "title", "sort_order", "created_at", "updated_at"},
		"user":          {"_id", "name", "phone", "language", "is_active", "created_at", "updated_at", "roles"},
		"category":      {"_id", "title", "sort_order", "created_at", "updated_at", "organization_id"},
		"post":          {"_id", "user_id", "category_id", "title", "media_url", "duration", "language", "created_at", "updated_at", "organization_id"},
		"post_activity": {"_id", "post_id", "user_id", "activity_type", "created_at", "updated_at"},
	}
	if rev != "4640e9af0234" {
		cols["post_activity"] = append(cols["post_activity"], "organization_id")
	}
	return cols
}

// insertRows writes one row in each table, over the columns of the schema
// at 4640e9af0234, plus post_activity.organization_id when activityOrg (the
// column exists from 01ea0e75088a on).
func insertRows(t *testing.T, gdb *gorm.DB, activityOrg bool) {
	t.Helper()
	at := time.Date(2023, 4, 28, 1, 59, 42, 0, time.UTC)
	mustExec(t, gdb, `INSERT INTO organization (_id, title, sort_order, created_at, updated_at) VALUES ('org1', 'Matar Hindi', 3, ?, ?)`, at, at)
	mustExec(t, gdb, `INSERT INTO "user" (_id, name, phone, language, is_active, created_at, updated_at, roles)
		VALUES ('u1', 'Asha', '+911234567890', 'hindi', true, ?, ?, '["admin","poster"]')`, at, at)
	mustExec(t, gdb, `INSERT INTO category (_id, title, sort_order, created_at, updated_at, organization_id) VALUES ('c1', 'Farming', 1, ?, ?, 'org1')`, at, at)
	mustExec(t, gdb, `INSERT INTO post (_id, user_id, category_id, title, media_url, duration, language, created_at, updated_at, organization_id)
		VALUES ('p1', 'u1', 'c1', 'Monsoon sowing', 'https://media.example/p1.mp4', 14, 'hindi', ?, ?, 'org1')`, at, at)
	mustExec(t, gdb, `INSERT INTO post_activity (_id, post_id, user_id, activity_type, created_at, updated_at)
		VALUES ('a1', 'p1', 'u1', 'like', ?, ?)`, at, at)
	if activityOrg {
		mustExec(t, gdb, `UPDATE post_activity SET organization_id = 'org1'`)
	}
}

// readRows reads the rows of the tables of cols, in _id order, over those columns.
func readRows(t *testing.T, gdb *gorm.DB, cols map[string][]string) map[string][]map[string]any {
	t.Helper()
	out := map[string][]map[string]any{}
	for table, c := range cols {
		out[table] = readTable(t, gdb, table, c)
	}
	return out
}

// readInserted reads the rows insertRows wrote, failing t unless every
// table holds exactly one.
func readInserted(t *testing.T, gdb *gorm.DB, cols map[string][]string) map[string][]map[string]any {
	t.Helper()
	rows := readRows(t, gdb, cols)
	for table, r := range rows {
		if len(r) != 1 {
			t.Fatalf("%s holds %d rows after the inserts, want 1", table, len(r))
		}
	}
	return rows
}

func readTable(t *testing.T, gdb *gorm.DB, table string, cols []string) []map[string]any {
	t.Helper()
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = `"` + c + `"`
	}
	var rows []map[string]any
	q := fmt.Sprintf(`SELECT %s FROM "%s" ORDER BY "_id"`, strings.Join(quoted, ", "), table)
	if err := gdb.Raw(q).Scan(&rows).Error; err != nil {
		t.Fatalf("read %s: %v", table, err)
	}
	return rows
}

// withLost returns rows with the lost columns set to NULL, or no rows when
// lost is "*".
func withLost(rows []map[string]any, lost []string) []map[string]any {
	if slices.Contains(lost, "*") {
		return nil
	}
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		c := make(map[string]any, len(r))
		for k, v := range r {
			c[k] = v
		}
		for _, col := range lost {
			c[col] = nil
		}
		out[i] = c
	}
	return out
}

// sameRows compares rows read back, an empty result equal to none.
func sameRows(a, b []map[string]any) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}
