package autogen

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// ErrBadBackfill is wrapped by ValidateBackfill's errors.
var ErrBadBackfill = errors.New("invalid backfill value")

var (
	sqlStringLiteral = regexp.MustCompile(`^'(?:[^']|'')*'$`)
	sqlFunctionCall  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*\s*\(.*\)$`)
	sqlNowKeyword    = regexp.MustCompile(`(?i)^(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|LOCALTIMESTAMP|LOCALTIME)$`)
	sqlCast          = regexp.MustCompile(`^.+::[A-Za-z_][A-Za-z0-9_ ()]*$`)
)

// ValidateBackfill checks that expr, a SQL value for the existing rows of
// a column of type t, is one: a number for a numeric column, true or false
// for a boolean one, a quoted string ('…') for the others; a function
// call, a cast or CURRENT_TIMESTAMP and its kind are taken as they are.
// It catches a prompt answered with words (abc def) where SQL was wanted.
func ValidateBackfill(t schema.Type, expr string) error {
	v := strings.TrimSpace(expr)
	switch {
	case v == "":
		return fmt.Errorf("%w: it is empty", ErrBadBackfill)
	case strings.EqualFold(v, "NULL"):
		return fmt.Errorf("%w: NULL is what the column must not hold", ErrBadBackfill)
	case sqlFunctionCall.MatchString(v), sqlNowKeyword.MatchString(v), sqlCast.MatchString(v):
		return nil
	}
	switch t.Kind {
	case schema.KindSmallInt, schema.KindInteger, schema.KindBigInt:
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Errorf("%w %s: a %s column needs a whole number", ErrBadBackfill, v, t)
		}
	case schema.KindReal, schema.KindDouble, schema.KindNumeric:
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return fmt.Errorf("%w %s: a %s column needs a number", ErrBadBackfill, v, t)
		}
	case schema.KindBoolean:
		if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
			return fmt.Errorf("%w %s: a boolean column needs true or false", ErrBadBackfill, v)
		}
	case schema.KindRaw:
		return nil
	default:
		if !sqlStringLiteral.MatchString(v) {
			return fmt.Errorf("%w %s: a %s column needs a SQL string in single quotes, such as %s",
				ErrBadBackfill, v, t, schema.QuoteString(strings.Trim(v, `"`)))
		}
	}
	return nil
}

// ErrUnusedHint is wrapped by the errors Revision returns for a default
// value or a rename hint of the request that matches nothing.
var ErrUnusedHint = errors.New("a hint matches nothing the migration does")

// checkHints fails when a default value of req is for no column the plan
// fills, or a rename of req is not in the plan, or a value does not suit
// its column's type (to is the models' schema).
func checkHints(req RevisionRequest, plan *Plan, to *schema.Schema) error {
	filled, renamed := map[string]bool{}, map[string]bool{}
	for _, o := range plan.Up {
		switch o := o.(type) {
		case op.AddColumnOp:
			filled[o.Table+"."+o.Column.Name] = o.Fill != ""
		case op.AlterColumnOp:
			filled[o.Table+"."+o.Column] = o.Fill != ""
		case op.RenameTableOp:
			renamed[o.From+"="+o.To] = true
		case op.RenameColumnOp:
			renamed[o.Table+"."+o.From+"="+o.To] = true
		}
	}
	for key, v := range req.Defaults {
		if !filled[key] {
			return fmt.Errorf("%w: the value for %s: the migration neither adds %s as a NOT NULL column "+
				"nor makes it NOT NULL, so no row needs it", ErrUnusedHint, key, key)
		}
		if err := validateFor(to, key, v); err != nil {
			return err
		}
	}
	for _, r := range req.Renames {
		if !renamed[r.String()] {
			return fmt.Errorf("%w: rename %s: the old name is not in the schema the history builds "+
				"or the new one is not in the models", ErrUnusedHint, r)
		}
	}
	return nil
}

// validateFor validates v for the column key ("table.column") of s.
func validateFor(s *schema.Schema, key, v string) error {
	table, column, _ := strings.Cut(key, ".")
	t := s.Table(table)
	if t == nil || t.Column(column) == nil {
		return nil
	}
	if err := ValidateBackfill(t.Column(column).Type, v); err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}
