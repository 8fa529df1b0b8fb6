package lint

import (
	"testing"
	"time"
)

// A NoTransaction migration's op.Apply runs the steps between two steps
// outside a transaction in a transaction of their own: a statement outside
// ends the transaction before it, so what that transaction did is not held
// against the next one.
func TestAStatementOutsideATransactionEndsTheOneBeforeIt(t *testing.T) {
	t.Parallel()
	addNotValid := `ALTER TABLE "visit" ADD CONSTRAINT "visit_account_fkey" FOREIGN KEY ("account_id") REFERENCES "account" ("_id") NOT VALID`
	validate := `ALTER TABLE "visit" VALIDATE CONSTRAINT "visit_account_fkey"`
	index := `CREATE INDEX CONCURRENTLY "ix_visit_seen_at" ON "visit" ("seen_at")`
	for _, c := range []struct {
		name  string
		stmts []Statement
		want  int
	}{
		{"validated in the same transaction", inTx(addNotValid, validate), 1},
		{"validated in the next group", append(append(inTx(addNotValid), outsideTx(index)...), inTx(validate)...), 0},
	} {
		m := Migration{ID: "m", LockTimeout: time.Second, Statements: c.stmts}
		if f := Check([]Migration{baseline, m}, Options{}); len(f) != c.want {
			t.Errorf("%s: findings %+v, want %d", c.name, f, c.want)
		}
	}
}

// A NoTransaction migration's script wraps the groups op.Apply runs in
// transactions of their own in BEGIN and COMMIT; the rest runs outside.
func TestReadScriptReadsTheGroupsOfANoTransactionMigration(t *testing.T) {
	t.Parallel()
	script := `-- 0000000000a1: add a key
BEGIN;

ALTER TABLE "visit" ADD CONSTRAINT "visit_account_fkey" FOREIGN KEY ("account_id") REFERENCES "account" ("_id") NOT VALID;

COMMIT;

ALTER TABLE "visit" VALIDATE CONSTRAINT "visit_account_fkey";

CREATE INDEX CONCURRENTLY "ix_visit_seen_at" ON "visit" ("seen_at");

INSERT INTO migrations (id) VALUES ('0000000000a1');
`
	ms, err := ReadScript(script, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || len(ms[0].Statements) != 2 || !ms[0].Statements[0].InTransaction || ms[0].Statements[1].InTransaction {
		t.Fatalf("ReadScript = %+v, want the NOT VALID in a transaction, the rest outside", ms)
	}
	if f := Check([]Migration{baseline, ms[0]}, Options{}); len(f) != 0 {
		t.Errorf("findings %+v, want none", f)
	}
}
