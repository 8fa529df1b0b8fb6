package lint

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

const ackedSource = `package migrations

// 5b1c0e2f9a31: index visits by kind
func init() {
	register(history.Migration{
		ID: "5b1c0e2f9a31",
		Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.CreateIndex("visit", op.Index("ix_visit_seen_at", "seen_at")), //matardb:lint-ok MDB101 visit holds a few hundred rows
			)
		},
	})
}
// matardb:lint-ok MDB109 a prose comment, not a directive
`

func TestParseAcksReadsDirectiveWithReason(t *testing.T) {
	t.Parallel()
	acks, err := ParseAcks("5b1c0e2f9a31_index.go", []byte(ackedSource))
	if err != nil {
		t.Fatal(err)
	}
	want := Ack{Rule: "MDB101", Reason: "visit holds a few hundred rows", Line: 9}
	if len(acks) != 1 || acks[0] != want {
		t.Fatalf("acks = %+v, want [%+v]", acks, want)
	}
}

func TestParseAcksRefusesMissingReasonAndUnknownRule(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]error{
		"package m\n//matardb:lint-ok MDB101\n":           ErrAckNoReason,
		"package m\n//matardb:lint-ok MDB101   \n":        ErrAckNoReason,
		"package m\n//matardb:lint-ok MDB999 because\n":   ErrAckUnknownRule,
		"package m\n//matardb:lint-ok\n":                  ErrAckUnknownRule,
		"package m\n//matardb:lint-okMDB101 no space\n":   ErrAckUnknownRule,
		"package m\n/*matardb:lint-ok MDB101 block*/\n":   nil,
		"package m\nvar s = `//matardb:lint-ok MDB101`\n": nil,
	} {
		_, err := ParseAcks("m.go", []byte(src))
		if !errors.Is(err, want) || (want == nil) != (err == nil) {
			t.Errorf("ParseAcks(%q) = %v, want %v", src, err, want)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), "m.go:2:") {
			t.Errorf("error %q does not name the directive's line", err)
		}
	}
}

func TestAcknowledgedFindingPassesAndIsReported(t *testing.T) {
	t.Parallel()
	acks, err := ParseAcks("m.go", []byte(ackedSource))
	if err != nil {
		t.Fatal(err)
	}
	m := Migration{ID: "5b1c0e2f9a31", LockTimeout: time.Second, Acks: acks, Statements: inTx(
		`CREATE INDEX "ix_visit_seen_at" ON "visit" ("seen_at")`)}
	findings := Check([]Migration{baseline, m}, Options{})
	if len(findings) != 1 || findings[0].Rule != "MDB101" || !findings[0].Acknowledged() {
		t.Fatalf("findings = %+v, want one acknowledged MDB101", findings)
	}
	if ExitCode(findings) != 0 {
		t.Errorf("ExitCode = 1 for an acknowledged finding")
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, findings); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "testdata/acknowledged.golden", buf.Bytes())

	m.Acks = nil
	if got := ExitCode(Check([]Migration{baseline, m}, Options{})); got != 1 {
		t.Errorf("ExitCode = %d without the acknowledgement, want 1", got)
	}
}

func TestBaselineIsNotJudgedAndNewTablesTakePlainForms(t *testing.T) {
	t.Parallel()
	if f := Check([]Migration{baseline}, Options{}); len(f) != 0 {
		t.Errorf("a baseline migration was judged: %+v", f)
	}
	m := Migration{ID: "b", LockTimeout: time.Second, Statements: inTx(`CREATE INDEX "ix_visit_seen_at" ON "visit" ("seen_at")`)}
	if f := Check([]Migration{baseline, m}, Options{NewTables: []string{"visit"}}); len(f) != 0 {
		t.Errorf("an index on a table listed as new was reported: %+v", f)
	}
}

func TestStatementsTheLinterCannotReadAreNamed(t *testing.T) {
	t.Parallel()
	for _, sql := range []string{
		`ALTER TABLE "visit" OWNER TO someone`,
		`ALTER TABLE "visit" ALTER COLUMN "kind" ADD GENERATED ALWAYS AS IDENTITY`,
		`CREATE INDEX "ix" "visit"`,
		`TRUNCATE "visit"`,
		`ALTER TABLE "visit" ADD COLUMN "x" integer EXTRA`,
		`CREATE UNIQUE TABLE "t" ()`,
	} {
		m := Migration{ID: "c", LockTimeout: time.Second, Statements: inTx(sql)}
		f := Check([]Migration{baseline, m}, Options{})
		if len(f) != 1 || f[0].Rule != NotInspected.ID || f[0].Statement != sql {
			t.Errorf("%s: findings %+v, want one MDB100 quoting it", sql, f)
		}
	}
}

// TestMatarHistoryScript lints the script upgrade --sql printed for Matar's
// history (a fixture: regenerate it with
// `matardb upgrade --sql --dialect postgres` when the history grows).
func TestMatarHistoryScript(t *testing.T) {
	t.Parallel()
	script, err := os.ReadFile("testdata/matar_history.sql")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := ReadScript(string(script), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 4 || ms[0].ID != "29edbf20051e" || !ms[0].Statements[0].InTransaction {
		t.Fatalf("read %d migrations, want Matar's 4, the first in a transaction: %+v", len(ms), ms)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, Check(ms, Options{})); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "testdata/matar_history.golden", buf.Bytes())
}

func TestReadScriptRefusesOtherText(t *testing.T) {
	t.Parallel()
	if _, err := ReadScript("CREATE TABLE t (id int);\n", 0); !errors.Is(err, ErrNotAScript) {
		t.Errorf("err = %v, want ErrNotAScript", err)
	}
	ms, err := ReadScript("-- 0a1b: by hand\nALTER TABLE \"t\" ADD COLUMN \"c\" integer;\n-- migration 0a1b: contains Go steps matardb cannot render offline\n", 0)
	if err != nil || len(ms) != 1 || ms[0].Statements[0].InTransaction || ms[0].Opaque == "" {
		t.Fatalf("ReadScript = %+v, %v: want one migration outside a transaction, opaque", ms, err)
	}
	f := Check(ms, Options{})
	if len(f) != 2 || f[0].Rule != NoLockTimeout.ID || f[1].Rule != NotInspected.ID {
		t.Errorf("findings = %+v, want MDB111 then MDB100 for the Go steps", f)
	}
}

// An acknowledgement that no finding matches is a warning naming the
// migration, the directive's line and its rule: it does not fail the run,
// and an acknowledgement that is used gives none.
func TestUnusedAcknowledgementIsAWarningNamingItsLine(t *testing.T) {
	t.Parallel()
	acks, err := ParseAcks("m.go", []byte(ackedSource))
	if err != nil {
		t.Fatal(err)
	}
	// The index is now built CONCURRENTLY outside the transaction: the
	// MDB101 acknowledgement on line 9 excuses nothing.
	m := Migration{ID: "5b1c0e2f9a31", LockTimeout: time.Second, Acks: acks, Statements: outsideTx(
		`CREATE INDEX CONCURRENTLY "ix_visit_seen_at" ON "visit" ("seen_at")`)}
	findings := Check([]Migration{baseline, m}, Options{})
	if len(findings) != 1 {
		t.Fatalf("findings = %+v, want one MDB113", findings)
	}
	f := findings[0]
	if f.Rule != UnusedAck.ID || f.Migration != "5b1c0e2f9a31" || f.Severity != Warning || f.Acknowledged() {
		t.Fatalf("finding = %+v, want an unacknowledged MDB113 warning of 5b1c0e2f9a31", f)
	}
	for _, want := range []string{"MDB101", "line 9", "can be removed"} {
		if !strings.Contains(f.Why, want) {
			t.Errorf("the finding %q does not say %q", f.Why, want)
		}
	}
	if got := ExitCode(findings); got != 0 {
		t.Errorf("ExitCode = %d for a warning, want 0", got)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, findings); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "5b1c0e2f9a31 MDB113 (warning): ") || !strings.Contains(buf.String(), "1 warning, 0 to fix") {
		t.Errorf("report:\n%s", buf.String())
	}

	// An acknowledgement of MDB113 itself covers the warning.
	m.Acks = append(m.Acks, Ack{Rule: UnusedAck.ID, Reason: "kept while the index is rebuilt", Line: 10})
	findings = Check([]Migration{baseline, m}, Options{})
	if len(findings) != 1 || findings[0].Rule != UnusedAck.ID || !findings[0].Acknowledged() {
		t.Errorf("with MDB113 acknowledged, findings = %+v, want one acknowledged MDB113", findings)
	}

	// Baseline migrations are not judged, their acknowledgements neither.
	m.Baseline = true
	if findings := Check([]Migration{baseline, m}, Options{}); len(findings) != 0 {
		t.Errorf("a baseline migration's unused acknowledgement was reported: %+v", findings)
	}
}
