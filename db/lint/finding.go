package lint

import (
	"fmt"
	"io"
	"strings"
)

// Severity says whether a finding fails a lint run.
type Severity int

const (
	// Error, the zero value, fails the run unless acknowledged.
	Error Severity = iota
	// Warning is reported and never fails the run: MDB113, an
	// acknowledgement that matches nothing.
	Warning
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
	// Severity is Error for every rule but MDB113, a Warning.
	Severity Severity
}

// Acknowledged reports whether the migration acknowledges the finding.
func (f Finding) Acknowledged() bool { return f.Ack != "" }

// ExitCode is the exit status of a lint run: 1 when some finding of
// severity Error is not acknowledged, 0 otherwise (acknowledged findings
// and warnings are reported, and pass).
func ExitCode(findings []Finding) int {
	for _, f := range findings {
		if !f.Acknowledged() && f.Severity != Warning {
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
// An acknowledged finding says so, with its reason, after the rule, and a
// warning says "(warning)". A last line counts the findings; it says "no
// findings" when there are none.
func WriteText(w io.Writer, findings []Finding) error {
	acked, warnings := 0, 0
	for _, f := range findings {
		head := f.Migration + " " + f.Rule
		switch {
		case f.Acknowledged():
			acked++
			head += " (acknowledged: " + f.Ack + ")"
		case f.Severity == Warning:
			warnings++
			head += " (warning)"
		}
		if f.Statement != "" {
			head += ": " + shorten(f.Statement)
		}
		if _, err := fmt.Fprintf(w, "%s: %s\n    instead: %s\n", head, f.Why, f.Instead); err != nil {
			return fmt.Errorf("write lint report: %w", err)
		}
	}
	if _, err := fmt.Fprintln(w, summary(len(findings), acked, warnings)); err != nil {
		return fmt.Errorf("write lint report: %w", err)
	}
	return nil
}

func summary(n, acked, warnings int) string {
	if n == 0 {
		return "no findings"
	}
	noun := "findings"
	if n == 1 {
		noun = "finding"
	}
	if warnings == 0 {
		return fmt.Sprintf("%d %s, %d acknowledged, %d to fix", n, noun, acked, n-acked)
	}
	wnoun := "warnings"
	if warnings == 1 {
		wnoun = "warning"
	}
	return fmt.Sprintf("%d %s, %d acknowledged, %d %s, %d to fix", n, noun, acked, warnings, wnoun, n-acked-warnings)
}

// oneLine folds a statement's whitespace onto one line.
func oneLine(sql string) string { return strings.Join(strings.Fields(sql), " ") }

func shorten(s string) string {
	if len(s) <= maxStatement {
		return s
	}
	return s[:maxStatement-3] + "..."
}
