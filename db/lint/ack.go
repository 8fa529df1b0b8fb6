package lint

import (
	"errors"
	"fmt"
	"go/scanner"
	gotoken "go/token"
	"strings"
)

// AckDirective starts a comment that acknowledges a rule in a migration's
// Go source:
//
//	//matardb:lint-ok MDB101 post_activity has 20 rows in every deployment
//
// Like other Go directives it has no space after the slashes. It names one
// rule and gives the reason, which is required; it may stand anywhere in the
// migration's file (next to the operation reads best) and covers every
// finding of that rule in the migrations the file registers.
const AckDirective = "//matardb:lint-ok"

// Ack is one acknowledgement: a migration accepts a rule, for a reason.
type Ack struct {
	Rule   string
	Reason string
	Line   int // the directive's line in the source, for errors
}

// Errors ParseAcks returns (wrapped, one per bad directive, joined).
var (
	// ErrAckNoReason: a directive names a rule but gives no reason.
	ErrAckNoReason = errors.New("an acknowledgement must give a reason")
	// ErrAckUnknownRule: a directive names no rule, or one that does not exist.
	ErrAckUnknownRule = errors.New("an acknowledgement must name a rule the linter has")
)

// ParseAcks returns the acknowledgements in a migration's Go source. A
// directive without a reason or with an unknown rule is an error, which
// names its line: an acknowledgement nobody can read back must not pass.
// The source need not compile; only its comments are read.
func ParseAcks(filename string, src []byte) ([]Ack, error) {
	var s scanner.Scanner
	fset := gotoken.NewFileSet()
	file := fset.AddFile(filename, -1, len(src))
	s.Init(file, src, nil, scanner.ScanComments)
	var acks []Ack
	var errs []error
	for {
		pos, tok, lit := s.Scan()
		if tok == gotoken.EOF {
			break
		}
		if tok != gotoken.COMMENT || !strings.HasPrefix(lit, AckDirective) {
			continue
		}
		line := fset.Position(pos).Line
		a, err := parseAck(strings.TrimPrefix(lit, AckDirective), line)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", filename, line, err))
			continue
		}
		acks = append(acks, a)
	}
	return acks, errors.Join(errs...)
}

// parseAck reads " RULE reason…".
func parseAck(rest string, line int) (Ack, error) {
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return Ack{}, fmt.Errorf("%w: %q", ErrAckUnknownRule, AckDirective+rest)
	}
	id, reason, _ := strings.Cut(strings.TrimSpace(rest), " ")
	if _, ok := RuleByID(id); !ok {
		return Ack{}, fmt.Errorf("%w: %q (see the rules in package lint's documentation)", ErrAckUnknownRule, id)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Ack{}, fmt.Errorf("%w: %s %s says why the rule does not apply", ErrAckNoReason, AckDirective, id)
	}
	return Ack{Rule: id, Reason: reason, Line: line}, nil
}
