package lintrun_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/lint"
	"github.com/matar-app/matardb/db/lintrun"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/internal/golden"
	"github.com/matar-app/matardb/internal/traffic"
)

// ruleCase is a model change on a table with rows, the rule its plain form
// breaks, and whether the safe form passes.
type ruleCase struct {
	rule     string
	change   traffic.Change
	safeFail bool // the safe form still breaks the rule (it is warned about, not made safe)
}

var ruleCases = []ruleCase{
	{rule: "MDB101", change: traffic.AddIndex},
	{rule: "MDB103", change: traffic.AddForeignKey},
	{rule: "MDB103", change: traffic.AddCheck},
	{rule: "MDB104", change: traffic.MakeNotNull},
	{rule: "MDB108", change: traffic.AddUnique},
	{rule: "MDB112", change: traffic.AddFilledColumn},
	{rule: "MDB112", change: traffic.AddConstantColumn},
	{rule: "MDB107", safeFail: true, change: traffic.WidenScore},
}

// TestGeneratedPlansAgainstEachRule: for each rule a generated migration
// can break, the model change, the plain and the safe plan generated, and
// the linter's verdict on each (golden files under testdata/rules). The
// plain form breaks the rule; the safe one passes, except a type change
// that rewrites the table, which the file warns about and lint fails.
func TestGeneratedPlansAgainstEachRule(t *testing.T) {
	t.Parallel()
	for _, c := range ruleCases {
		t.Run(c.rule+"_"+c.change.Name, func(t *testing.T) {
			t.Parallel()
			gen, err := traffic.Generate(c.change)
			if err != nil {
				t.Fatal(err)
			}
			plain := lintGenerated(t, gen.Plain.Up, false)
			safe := lintGenerated(t, gen.Safe.Up, gen.Safe.NoTransaction)
			if !hasRule(plain, c.rule) || lint.ExitCode(plain) != 1 {
				t.Errorf("the plain form does not break %s: %+v", c.rule, plain)
			}
			if got := lint.ExitCode(safe) == 1; got != c.safeFail || c.safeFail && !hasRule(safe, c.rule) {
				t.Errorf("safe form fails lint = %v, want %v: %+v", got, c.safeFail, safe)
			}
			src := renderSafe(t, gen)
			if c.safeFail && !strings.Contains(string(src), "WARNING: rewrites the table") {
				t.Errorf("the generated file does not warn of the rewrite:\n%s", src)
			}
			var b bytes.Buffer
			fmt.Fprintf(&b, "model change: %s\n\nplain plan:\n%s\nlint, plain:\n%s\nsafe migration:\n%s\nlint, safe:\n%s",
				c.change.Model, goLines(gen.Plain.Up), report(t, plain), src, report(t, safe))
			golden.Check(t, filepath.Join("testdata", "rules", c.rule+"_"+c.change.Name+".golden"), b.Bytes())
		})
	}
}

// lintGenerated lints a migration of ops after the tables' migration.
func lintGenerated(t *testing.T, ops []op.Op, noTransaction bool) []lint.Finding {
	t.Helper()
	ms, err := lintrun.Migrations(context.Background(), []*history.Migration{
		lintrun.Generated("000000000001", traffic.Tables(), false),
		lintrun.Generated("0000000000a1", ops, noTransaction),
	}, lintrun.Only("0000000000a1"), lintrun.Options{Dir: t.TempDir(), LockTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return lint.Check(ms, lint.Options{})
}

func renderSafe(t *testing.T, gen *traffic.Generated) []byte {
	t.Helper()
	src, err := autogen.Render(autogen.File{ID: "0000000000a1", Parent: "000000000001", Message: "change entry activity",
		Before: gen.Before, Up: gen.Safe.Up, Down: gen.Safe.Down, NoTransaction: gen.Safe.NoTransaction, Notes: gen.Safe.Notes})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func hasRule(fs []lint.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

func goLines(ops []op.Op) string {
	var b strings.Builder
	for _, o := range ops {
		b.WriteString("\t" + o.GoString() + "\n")
	}
	return b.String()
}

func report(t *testing.T, fs []lint.Finding) string {
	var b bytes.Buffer
	if err := lint.WriteText(&b, fs); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
