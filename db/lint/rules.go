package lint

// Rule is one check of the linter: an ID that acknowledgements and reports
// name, a one-line reason the statement is dangerous on a busy table, and
// the safe alternative. Rules are values; the set is Rules.
type Rule struct {
	ID      string
	Name    string // a short name, like squawk's
	Why     string
	Instead string
}

// The rules. They are those squawk, strong_migrations and Atlas's lint
// agree on; the name in brackets is squawk's where it has one.
var (
	NotInspected = Rule{"MDB100", "not-inspected",
		"the linter cannot read this statement, so it cannot say which locks it takes",
		"write it as matardb's operations or a statement shape the linter knows, or acknowledge it after checking its locks by hand"}
	IndexWithoutConcurrently = Rule{"MDB101", "index-without-concurrently", // require-concurrent-index-creation/-deletion
		"building or dropping an index without CONCURRENTLY blocks every write to the table until it finishes",
		"CREATE INDEX CONCURRENTLY (DROP INDEX CONCURRENTLY) in a step outside the migration's transaction"}
	ConcurrentlyInTransaction = Rule{"MDB102", "concurrently-in-transaction", // ban-concurrent-index-creation-in-transaction
		"CONCURRENTLY cannot run inside a transaction block: PostgreSQL refuses the statement",
		"run the statement in a step outside the migration's transaction"}
	ConstraintWithoutNotValid = Rule{"MDB103", "constraint-without-not-valid", // adding-foreign-key-constraint, constraint-missing-not-valid
		"adding a foreign key or check validates every row while holding a lock that blocks writes (a foreign key locks the referenced table too)",
		"ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a separate transaction"}
	NotNullWithScan = Rule{"MDB104", "set-not-null-scan", // adding-not-nullable-field
		"SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes",
		"ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT c in another transaction, then SET NOT NULL (PostgreSQL 12+ skips the scan) and DROP CONSTRAINT c"}
	NotNullWithoutDefault = Rule{"MDB105", "not-null-column-without-default", // adding-required-field
		"a NOT NULL column without a default cannot be added to a table that has rows, and fails the deploy",
		"add the column with a constant DEFAULT, or nullable, backfilled in batches, then made NOT NULL through a validated check"}
	VolatileDefault = Rule{"MDB106", "volatile-default", // adding-field-with-default, adding-serial-primary-key-field
		"a column whose default is volatile (random(), gen_random_uuid(), clock_timestamp(), nextval()…) rewrites the whole table under an ACCESS EXCLUSIVE lock",
		"add the column without the default (or with a constant one), SET DEFAULT afterwards, and backfill existing rows in batches"}
	TypeChangeRewrite = Rule{"MDB107", "type-change-rewrite", // changing-column-type
		"this type change rewrites the table and its indexes under an ACCESS EXCLUSIVE lock",
		"expand and contract: add a column of the new type, write both, backfill in batches, switch readers, drop the old column"}
	UniqueWithoutIndex = Rule{"MDB108", "unique-without-index", // disallowed-unique-constraint
		"adding UNIQUE or PRIMARY KEY builds its index under a lock that blocks writes for the whole build",
		"CREATE UNIQUE INDEX CONCURRENTLY outside the transaction, then ADD CONSTRAINT … UNIQUE (or PRIMARY KEY) USING INDEX"}
	DropTableOrColumn = Rule{"MDB109", "drop", // ban-drop-table, ban-drop-column
		"dropping a table or column breaks every replica still running code that uses it",
		"stop using it in the code and deploy that first, then drop it in a later migration"}
	RenameTableOrColumn = Rule{"MDB110", "rename", // renaming-table, renaming-column
		"renaming a table or column breaks every replica still running code that uses the old name",
		"add the new name (a column written by both versions, or a view), move the code over, then drop the old name later"}
	NoLockTimeout = Rule{"MDB111", "no-lock-timeout", // require-timeout-settings
		"without a lock_timeout, a statement waiting for a lock queues every other query of the table behind it",
		"keep matardb's per-migration lock timeout above 0 (--lock-timeout, migrator.WithStatementTimeouts), or SET LOCAL lock_timeout first"}
	BackfillUnderLock = Rule{"MDB112", "backfill-under-lock", // strong_migrations: backfilling data
		"this UPDATE runs in the transaction that altered the table, so the table stays locked for the whole backfill",
		"backfill in batches, in steps outside the transaction that changed the table"}
	UnusedAck = Rule{"MDB113", "unused-acknowledgement",
		"an acknowledgement that no finding matches excuses nothing now; left in place after the code it excused changed, it would hide the next real finding of its rule",
		"remove the acknowledgement from the migration's source"}
)

// Rules returns every rule, in ID order (a new slice each call).
func Rules() []Rule {
	return []Rule{
		NotInspected, IndexWithoutConcurrently, ConcurrentlyInTransaction, ConstraintWithoutNotValid,
		NotNullWithScan, NotNullWithoutDefault, VolatileDefault, TypeChangeRewrite, UniqueWithoutIndex,
		DropTableOrColumn, RenameTableOrColumn, NoLockTimeout, BackfillUnderLock, UnusedAck,
	}
}

// RuleByID returns the rule with the given ID.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
