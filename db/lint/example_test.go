package lint_test

import (
	"os"
	"time"

	"github.com/matar-app/matardb/db/lint"
)

// A migration that indexes a table the history created earlier, once in the
// plain form and once in the safe one.
func ExampleCheck() {
	history := lint.Migration{ID: "29edbf20051e", Baseline: true, Statements: []lint.Statement{
		{SQL: `CREATE TABLE "post_activity" ("_id" character varying NOT NULL, "user_id" character varying)`, InTransaction: true},
	}}
	plain := lint.Migration{ID: "7d2e01c4b9a0", LockTimeout: 10 * time.Second, Statements: []lint.Statement{
		{SQL: `CREATE INDEX "ix_post_activity_user_id" ON "post_activity" ("user_id")`, InTransaction: true},
	}}
	safe := lint.Migration{ID: "7d2e01c4b9a0", LockTimeout: 10 * time.Second, Statements: []lint.Statement{
		{SQL: `CREATE INDEX CONCURRENTLY "ix_post_activity_user_id" ON "post_activity" ("user_id")`},
	}}
	findings := lint.Check([]lint.Migration{history, plain}, lint.Options{})
	lint.WriteText(os.Stdout, findings)
	lint.WriteText(os.Stdout, lint.Check([]lint.Migration{history, safe}, lint.Options{}))
	// Output:
	// 7d2e01c4b9a0 MDB101: CREATE INDEX "ix_post_activity_user_id" ON "post_activity" ("user_id"): building index "ix_post_activity_user_id" without CONCURRENTLY blocks every write to "post_activity" until the build ends
	//     instead: CREATE INDEX CONCURRENTLY (DROP INDEX CONCURRENTLY) in a step outside the migration's transaction
	// 1 finding, 0 acknowledged, 1 to fix
	// no findings
}
