package lint

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/matar-app/matardb/internal/golden"
)

// baseline is a history that created the tables the cases change: they
// exist, with rows, when the linted migration runs.
var baseline = Migration{ID: "000000000001", Baseline: true, Statements: inTx(
	`CREATE TABLE "account" (
	"_id" character varying NOT NULL,
	"name" character varying(40),
	"balance" numeric(10,2),
	"visits" integer,
	CONSTRAINT "account_pkey" PRIMARY KEY ("_id")
)`,
	`CREATE TABLE "visit" (
	"_id" character varying NOT NULL,
	"account_id" character varying NOT NULL,
	"kind" character varying,
	"seen_at" timestamp without time zone,
	CONSTRAINT "visit_pkey" PRIMARY KEY ("_id")
)`,
	`CREATE INDEX "ix_visit_kind" ON "visit" ("kind")`,
)}

func inTx(sqls ...string) []Statement     { return statements(true, sqls) }
func outsideTx(sql ...string) []Statement { return statements(false, sql) }

func statements(tx bool, sqls []string) []Statement {
	out := make([]Statement, len(sqls))
	for i, s := range sqls {
		out[i] = Statement{SQL: s, InTransaction: tx}
	}
	return out
}

// goldenCase is one migration, linted after baseline, and its report.
type goldenCase struct {
	name  string
	stmts []Statement
	// noTimeout runs the migration without matardb's lock_timeout.
	noTimeout bool
	// acks are the migration's acknowledgements.
	acks []Ack
}

// goldenCases hold, per rule, the plain form that breaks it and the safe
// form that passes.
var goldenCases = []goldenCase{
	{name: "MDB100_plain", stmts: inTx(`VACUUM "visit"`)},
	{name: "MDB100_safe", stmts: inTx(`COMMENT ON COLUMN "visit"."kind" IS 'how the account came'`)},
	{name: "MDB101_plain", stmts: inTx(`CREATE INDEX "ix_visit_seen_at" ON "visit" ("seen_at")`, `DROP INDEX "ix_visit_kind"`)},
	{name: "MDB101_safe", stmts: outsideTx(`CREATE INDEX CONCURRENTLY "ix_visit_seen_at" ON "visit" ("seen_at")`, `DROP INDEX CONCURRENTLY "ix_visit_kind"`)},
	{name: "MDB101_new_table", stmts: inTx(`CREATE TABLE "note" ("_id" character varying NOT NULL)`, `CREATE INDEX "ix_note_id" ON "note" ("_id")`)},
	{name: "MDB102_plain", stmts: inTx(`CREATE INDEX CONCURRENTLY "ix_visit_seen_at" ON "visit" ("seen_at")`)},
	{name: "MDB102_safe", stmts: outsideTx(`CREATE INDEX CONCURRENTLY IF NOT EXISTS "ix_visit_seen_at" ON "visit" USING btree ("seen_at") WHERE "seen_at" IS NOT NULL`)},
	{name: "MDB103_plain", stmts: inTx(
		`ALTER TABLE "visit" ADD CONSTRAINT "visit_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account" ("_id") ON DELETE CASCADE`,
		`ALTER TABLE "account" ADD CONSTRAINT "ck_visits" CHECK (visits >= 0)`)},
	{name: "MDB103_same_transaction", stmts: inTx(
		`ALTER TABLE "visit" ADD CONSTRAINT "visit_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account" ("_id") NOT VALID`,
		`ALTER TABLE "visit" VALIDATE CONSTRAINT "visit_account_id_fkey"`)},
	{name: "MDB103_safe", stmts: append(inTx(
		`ALTER TABLE "visit" ADD CONSTRAINT "visit_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account" ("_id") NOT VALID`),
		outsideTx(`ALTER TABLE "visit" VALIDATE CONSTRAINT "visit_account_id_fkey"`)...)},
	{name: "MDB104_plain", stmts: inTx(`ALTER TABLE "visit" ALTER COLUMN "kind" SET NOT NULL`)},
	{name: "MDB104_safe", stmts: outsideTx(
		`ALTER TABLE "visit" ADD CONSTRAINT "visit_kind_not_null" CHECK ("kind" IS NOT NULL) NOT VALID`,
		`ALTER TABLE "visit" VALIDATE CONSTRAINT "visit_kind_not_null"`,
		`ALTER TABLE "visit" ALTER COLUMN "kind" SET NOT NULL`,
		`ALTER TABLE "visit" DROP CONSTRAINT "visit_kind_not_null"`)},
	{name: "MDB105_plain", stmts: inTx(`ALTER TABLE "account" ADD COLUMN "plan" character varying NOT NULL`)},
	{name: "MDB105_safe", stmts: inTx(`ALTER TABLE "account" ADD COLUMN "plan" character varying DEFAULT 'free'::character varying NOT NULL`)},
	{name: "MDB106_plain", stmts: inTx(
		`ALTER TABLE "account" ADD COLUMN "token" uuid DEFAULT gen_random_uuid()`,
		`ALTER TABLE "account" ADD COLUMN "seq" bigserial`)},
	{name: "MDB106_safe", stmts: inTx(
		`ALTER TABLE "account" ADD COLUMN "joined_at" timestamp with time zone DEFAULT now() NOT NULL`,
		`ALTER TABLE "account" ADD COLUMN "token" uuid`,
		`ALTER TABLE "account" ALTER COLUMN "token" SET DEFAULT gen_random_uuid()`)},
	{name: "MDB107_plain", stmts: inTx(
		`ALTER TABLE "account" ALTER COLUMN "visits" TYPE bigint USING "visits"::bigint`,
		`ALTER TABLE "account" ALTER COLUMN "name" TYPE character varying(20) USING "name"::character varying(20)`,
		`ALTER TABLE "visit" ALTER COLUMN "seen_at" TYPE timestamptz`)},
	{name: "MDB107_safe", stmts: inTx(
		`ALTER TABLE "account" ALTER COLUMN "name" TYPE character varying(80) USING "name"::character varying(80)`,
		`ALTER TABLE "account" ALTER COLUMN "balance" TYPE numeric(14,2)`,
		`ALTER TABLE "visit" ALTER COLUMN "kind" TYPE text USING "kind"::text`)},
	{name: "MDB108_plain", stmts: inTx(`ALTER TABLE "account" ADD CONSTRAINT "uq_account_name" UNIQUE ("name")`)},
	{name: "MDB108_safe", stmts: append(
		outsideTx(`CREATE UNIQUE INDEX CONCURRENTLY "uq_account_name" ON "account" ("name")`),
		inTx(`ALTER TABLE "account" ADD CONSTRAINT "uq_account_name" UNIQUE USING INDEX "uq_account_name"`)...)},
	{name: "MDB109_plain", stmts: inTx(`ALTER TABLE "account" DROP COLUMN "visits"`, `DROP TABLE "visit"`)},
	{name: "MDB109_safe", stmts: inTx(`CREATE TABLE "scratch" ("_id" integer)`, `DROP TABLE "scratch"`)},
	{name: "MDB110_plain", stmts: inTx(`ALTER TABLE "account" RENAME COLUMN "visits" TO "visit_count"`, `ALTER TABLE "visit" RENAME TO "account_visit"`)},
	{name: "MDB110_safe", stmts: inTx(`ALTER TABLE "account" ADD COLUMN "visit_count" integer`)},
	{name: "MDB111_plain", noTimeout: true, stmts: inTx(`ALTER TABLE "account" ADD COLUMN "plan" character varying`)},
	{name: "MDB111_safe", noTimeout: true, stmts: inTx(`SET LOCAL lock_timeout = '5s'`, `ALTER TABLE "account" ADD COLUMN "plan" character varying`)},
	{name: "MDB112_plain", stmts: inTx(
		`ALTER TABLE "account" ADD COLUMN "plan" character varying`,
		`UPDATE "account" SET "plan" = 'free'`)},
	{name: "MDB112_safe", stmts: append(
		inTx(`ALTER TABLE "account" ADD COLUMN "plan" character varying`),
		outsideTx(`UPDATE "account" SET "plan" = 'free' WHERE "_id" IN (SELECT "_id" FROM "account" WHERE "plan" IS NULL LIMIT 1000)`)...)},
	{name: "MDB113_plain", stmts: outsideTx(`CREATE INDEX CONCURRENTLY "ix_visit_seen_at" ON "visit" ("seen_at")`),
		acks: []Ack{{Rule: "MDB101", Reason: "visit holds a few hundred rows", Line: 14}}},
	{name: "MDB113_safe", stmts: inTx(`CREATE INDEX "ix_visit_seen_at" ON "visit" ("seen_at")`),
		acks: []Ack{{Rule: "MDB101", Reason: "visit holds a few hundred rows", Line: 14}}},
	{name: "op_add_not_null_column_with_fill", stmts: inTx(
		`ALTER TABLE "account" ADD COLUMN "language" character varying`,
		`UPDATE "account" SET "language" = 'hindi'`,
		`ALTER TABLE "account" ALTER COLUMN "language" SET NOT NULL`)},
	{name: "execute_several_statements", stmts: inTx(`
		-- a hand-written step
		CREATE INDEX "ix_account_name" ON "account" ("name");
		UPDATE "account" SET "name" = 'x;y' WHERE "name" IS NULL;
		LOCK TABLE "account"`)},
}

// TestRulesGolden lints each rule's plain and safe forms after a history
// that created the tables, and compares the report with testdata.
func TestRulesGolden(t *testing.T) {
	t.Parallel()
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			m := Migration{ID: "aaaaaaaaaaaa", Statements: c.stmts, LockTimeout: 10 * time.Second, Acks: c.acks}
			if c.noTimeout {
				m.LockTimeout = 0
			}
			findings := Check([]Migration{baseline, m}, Options{})
			var buf bytes.Buffer
			if err := WriteText(&buf, findings); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", c.name+".golden"), buf.Bytes())
			rule := c.name[:6]
			switch {
			case strings.HasSuffix(c.name, "_safe") && ExitCode(findings) != 0:
				t.Errorf("the safe form breaks a rule:\n%s", buf.String())
			case strings.HasSuffix(c.name, "_plain") && !hasRule(findings, rule):
				t.Errorf("the plain form does not break %s:\n%s", rule, buf.String())
			}
		})
	}
}

func hasRule(fs []Finding, id string) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

func checkGolden(t *testing.T, path string, got []byte) { golden.Check(t, path, got) }
