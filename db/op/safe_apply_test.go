package op_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
	"github.com/matar-app/matardb/internal/traffic"
)

// TestSafeFormsApplyAndRollBackOnBothDialects applies each generated safe
// form as a NoTransaction migration does (op.Apply outside a transaction)
// on tables with rows, on PostgreSQL and on SQLite (where the safe
// operations render as the plain ones), then rolls it back: the database
// has the schema the models describe, then the one before.
func TestSafeFormsApplyAndRollBackOnBothDialects(t *testing.T) {
	t.Parallel()
	changes := []traffic.Change{traffic.AddIndex, traffic.AddForeignKey, traffic.AddCheck, traffic.MakeNotNull, traffic.AddUnique,
		traffic.AddFilledColumn, traffic.AddConstantColumn, traffic.WidenScore}
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		if err := op.Apply(gdb, traffic.Tables()...); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`INSERT INTO "entry" VALUES ('e1', 'one'), ('e2', 'two')`,
			`INSERT INTO "entry_activity" VALUES ('a1', 'e1', 'u1', 'view', 't1', 3, NULL), ('a2', 'e2', 'u2', 'like', NULL, 5, NULL)`, // team_id NULL: made NOT NULL, it is backfilled
		} {
			if err := gdb.Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range changes {
			gen, err := traffic.Generate(c)
			if err != nil {
				t.Fatal(err)
			}
			if !gen.Safe.NoTransaction && c.Name != traffic.WidenScore.Name && c.Name != traffic.AddConstantColumn.Name {
				t.Errorf("%s: the safe form is not NoTransaction", c.Name)
			}
			if err := op.Apply(gdb, gen.Safe.Up...); err != nil {
				t.Fatalf("%s: apply: %v", c.Name, err)
			}
			after := gen.Before.Clone()
			c.Edit(after)
			wantSchema(t, gdb, c.Name+" applied", after)
			if err := op.Apply(gdb, gen.Safe.Down...); err != nil {
				t.Fatalf("%s: roll back: %v", c.Name, err)
			}
			wantSchema(t, gdb, c.Name+" rolled back", gen.Before)
		}
	})
}

// wantSchema fails unless the database has the schema want (as the
// autogenerator compares them: no operation turns one into the other).
func wantSchema(t *testing.T, gdb *gorm.DB, when string, want *schema.Schema) {
	t.Helper()
	got, err := inspect.Schema(context.Background(), gdb)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := autogen.Diff(got, want, autogen.Options{Backfill: map[string]string{"entry_activity.weight": "0", "entry_activity.source": "''"}})
	if err != nil {
		t.Fatalf("%s: %v", when, err)
	}
	if !plan.Empty() {
		t.Errorf("%s: the database differs from the schema wanted: %v", when, plan.Up)
	}
}
