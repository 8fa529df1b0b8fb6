package lint

import (
	"fmt"
	"io"
	"strings"
)

// Finding is a rule a migration breaks.
type Finding struct {
	Migration string // the migration's ID
	Rule      string // the rule's ID, e.g. MDB101
	Statement string // the statement, on one line; empty for the migration as a whole
	Why       string // why it is dangerous, naming the table when it can
	Instead   string // the safe alternative
	// Ack is the reason the migration gives for acknowledging the rule;
	// empty when it does not.
	Ack string
}

// Acknowledged reports whether the migration acknowledges the finding.
func (f Finding) Acknowledged() bool { return f.Ack != "" }

// ExitCode is the exit status of a lint run: 1 when some finding is not
// acknowledged, 0 otherwise (acknowledged findings are reported, and pass).
func ExitCode(findings []Finding) int {
	for _, f := range findings {
		if !f.Acknowledged() {
			return 1
		}
	}
	return 0
}

// maxStatement bounds how much of a statement a report line quotes.
const maxStatement = 100

// WriteText writes findings for the command line, two lines each:
//
//	MIGRATION RULE: STATEMENT: WHY
//	    instead: INSTEAD
//
// An acknowledged finding says so, with its reason, after the rule. A last
// line counts the findings; it says "no findings" when there are none.
func WriteText(w io.Writer, findings []Finding) error {
	acked := 0
	for _, f := range findings {
		head := f.Migration + " " + f.Rule
		if f.Acknowledged() {
			acked++
			head += " (acknowledged: " + f.Ack + ")"
		}
		if f.Statement != "" {
			head += ": " + shorten(f.Statement)
		}
		if _, err := fmt.Fprintf(w, "%s: %s\n    instead: %s\n", head, f.Why, f.Instead); err != nil {
			return fmt.Errorf("write lint report: %w", err)
		}
	}
	if _, err := fmt.Fprintln(w, summary(len(findings), acked)); err != nil {
		return fmt.Errorf("write lint report: %w", err)
	}
	return nil
}

func summary(n, acked int) string {
	if n == 0 {
		return "no findings"
	}
	noun := "findings"
	if n == 1 {
		noun = "finding"
	}
	return fmt.Sprintf("%d %s, %d acknowledged, %d to fix", n, noun, acked, n-acked)
}

// oneLine folds a statement's whitespace onto one line.
func oneLine(sql string) string { return strings.Join(strings.Fields(sql), " ") }

func shorten(s string) string {
	if len(s) <= maxStatement {
		return s
	}
	return s[:maxStatement-3] + "..."
}
