package inspect

import (
	"fmt"
	"strings"
)

// This file recovers what pragma_index_xinfo does not report, the text of
// the expressions an index is over and its WHERE predicate, from the
// CREATE INDEX text SQLite keeps in sqlite_master.

// indexDDL is what parseCreateIndex finds in a CREATE INDEX statement: the
// text of each key part, without its COLLATE and ASC/DESC, and the
// predicate of a partial index ("" for none).
type indexDDL struct {
	parts []string
	where string
}

// parseCreateIndex reads CREATE [UNIQUE] INDEX … ON table (parts) [WHERE expr].
func parseCreateIndex(src string) (indexDDL, error) {
	toks, err := tokenize(src)
	if err != nil {
		return indexDDL{}, err
	}
	on := 0
	for on < len(toks) && !toks[on].is("ON") {
		on++
	}
	open, closing := parenthesisedList(toks, on)
	if closing < 0 {
		return indexDDL{}, fmt.Errorf("no key list in %q", src)
	}
	var ddl indexDDL
	for _, part := range splitDefinitions(toks[open+1 : closing]) {
		part = trimPartOptions(part)
		if len(part) == 0 {
			return indexDDL{}, fmt.Errorf("empty key part in %q", src)
		}
		ddl.parts = append(ddl.parts, src[part[0].start:part[len(part)-1].end])
	}
	if rest := toks[closing+1:]; len(rest) > 1 && rest[0].is("WHERE") {
		ddl.where = strings.TrimSpace(src[rest[1].start:])
	}
	return ddl, nil
}

// trimPartOptions drops a trailing ASC or DESC and COLLATE name from the
// tokens of one key part, leaving the column or expression.
func trimPartOptions(part []token) []token {
	if n := len(part); n > 0 && (part[n-1].is("ASC") || part[n-1].is("DESC")) {
		part = part[:n-1]
	}
	if n := len(part); n > 1 && part[n-2].is("COLLATE") {
		part = part[:n-2]
	}
	return part
}
