package inspect

import (
	"fmt"
	"strings"
)

// This file recovers what SQLite's pragmas do not report, the names of
// foreign keys and checks and the checks themselves, from the CREATE TABLE
// text SQLite keeps in sqlite_master.

// tokenKind classifies a token of SQL text.
type tokenKind int

const (
	tokWord   tokenKind = iota // bare identifier, keyword or number
	tokQuoted                  // quoted identifier: "x", `x` or [x]
	tokString                  // string literal: 'x'
	tokSymbol                  // any other single character: ( ) , + ...
)

// token is one token of SQL text. text is an identifier's name without its
// quotes; start and end are byte offsets of the whole token in the source.
type token struct {
	kind       tokenKind
	text       string
	start, end int
}

// is reports whether t is the keyword or symbol s (case-insensitive).
func (t token) is(s string) bool {
	return (t.kind == tokWord || t.kind == tokSymbol) && strings.EqualFold(t.text, s)
}

// isName reports whether t can be an identifier.
func (t token) isName() bool { return t.kind == tokWord || t.kind == tokQuoted || t.kind == tokString }

// tokenize splits SQL text into tokens, skipping spaces and comments.
func tokenize(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case strings.HasPrefix(src[i:], "--"):
			if n := strings.IndexByte(src[i:], '\n'); n >= 0 {
				i += n + 1
			} else {
				i = len(src)
			}
		case strings.HasPrefix(src[i:], "/*"):
			n := strings.Index(src[i+2:], "*/")
			if n < 0 {
				return nil, fmt.Errorf("unterminated comment at offset %d", i)
			}
			i += n + 4
		case c == '"' || c == '`' || c == '[' || c == '\'':
			t, err := quoted(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = t.end
		case isWordByte(c):
			j := i
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			toks = append(toks, token{tokWord, src[i:j], i, j})
			i = j
		default:
			toks = append(toks, token{tokSymbol, src[i : i+1], i, i + 1})
			i++
		}
	}
	return toks, nil
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 ||
		('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// quoted reads the quoted identifier or string starting at src[start]. A
// doubled closing quote stands for itself.
func quoted(src string, start int) (token, error) {
	open := src[start]
	closing, kind := open, tokQuoted
	switch open {
	case '[':
		closing = ']'
	case '\'':
		kind = tokString
	}
	var b strings.Builder
	for i := start + 1; i < len(src); i++ {
		if src[i] != closing {
			b.WriteByte(src[i])
			continue
		}
		if closing != ']' && i+1 < len(src) && src[i+1] == closing {
			b.WriteByte(closing)
			i++
			continue
		}
		return token{kind, b.String(), start, i + 1}, nil
	}
	return token{}, fmt.Errorf("unterminated quote %c at offset %d", open, start)
}

// ddlForeignKey is a foreign key as CREATE TABLE declares it; name is
// empty for an unnamed one.
type ddlForeignKey struct {
	name     string
	columns  []string
	refTable string
}

// ddlCheck is a check as CREATE TABLE declares it; name is empty for an
// unnamed one.
type ddlCheck struct {
	name string
	expr string
}

// ddlUnique is a UNIQUE constraint as CREATE TABLE declares it; name is
// empty for an unnamed one.
type ddlUnique struct {
	name    string
	columns []string
}

// tableDDL is what parseCreateTable finds in a CREATE TABLE statement.
type tableDDL struct {
	foreignKeys []ddlForeignKey
	checks      []ddlCheck
	uniques     []ddlUnique
	// autoIncrement holds the columns declared AUTOINCREMENT.
	autoIncrement []string
	// collations maps a column to the collation it declares.
	collations map[string]string
}

// parseCreateTable finds the foreign keys and checks, table constraints and
// column constraints alike, of a CREATE TABLE statement.
func parseCreateTable(src string) (tableDDL, error) {
	toks, err := tokenize(src)
	if err != nil {
		return tableDDL{}, err
	}
	open, closing := parenthesisedList(toks, 0)
	if closing < 0 {
		return tableDDL{}, fmt.Errorf("no column list in %q", src)
	}
	var ddl tableDDL
	for _, def := range splitDefinitions(toks[open+1 : closing]) {
		if err := ddl.definition(src, def); err != nil {
			return tableDDL{}, err
		}
	}
	return ddl, nil
}

// parenthesisedList returns the indexes of the first "(" at or after
// toks[from] and of the ")" closing it; closing is -1 when there is none.
func parenthesisedList(toks []token, from int) (open, closing int) {
	open = from
	for open < len(toks) && !toks[open].is("(") {
		open++
	}
	return open, matchingToken(toks, open)
}

// matchingToken returns the index of the ")" closing the "(" at toks[open],
// or -1.
func matchingToken(toks []token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch {
		case toks[i].is("("):
			depth++
		case toks[i].is(")"):
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitDefinitions splits a column list at its top-level commas.
func splitDefinitions(toks []token) [][]token {
	var defs [][]token
	depth, start := 0, 0
	for i, t := range toks {
		switch {
		case t.is("("):
			depth++
		case t.is(")"):
			depth--
		case t.is(",") && depth == 0:
			defs = append(defs, toks[start:i])
			start = i + 1
		}
	}
	return append(defs, toks[start:])
}

var (
	// tableConstraintWords start a table constraint rather than a column.
	tableConstraintWords = []string{"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"}
	// constraintWords start a constraint that a CONSTRAINT name belongs to.
	constraintWords = []string{"CHECK", "FOREIGN", "REFERENCES",
		"PRIMARY", "UNIQUE", "NOT", "NULL", "DEFAULT", "COLLATE", "GENERATED", "AS", "AUTOINCREMENT"}
)

// definition records the foreign keys and checks of one column definition
// or table constraint.
func (ddl *tableDDL) definition(src string, def []token) error {
	column, i := "", 0
	if len(def) > 0 && !isAnyWord(def[0], tableConstraintWords) {
		column, i = def[0].text, 1
	}
	name := ""
	for i < len(def) {
		switch t := def[i]; {
		case t.is("("):
			i = skipGroup(def, i)
		case t.is("CONSTRAINT") && i+1 < len(def):
			name, i = def[i+1].text, i+2
		case isAnyWord(t, constraintWords):
			next, err := ddl.constraint(src, def, i, column, name)
			if err != nil {
				return err
			}
			name, i = "", next
		default:
			i++
		}
	}
	return nil
}

// constraint records the constraint called name (or unnamed) that starts
// at def[i], in the definition of column (or in a table constraint when
// column is empty), and returns the index after what it read. Constraints
// other than checks and foreign keys are passed over.
func (ddl *tableDDL) constraint(src string, def []token, i int, column, name string) (int, error) {
	switch t := def[i]; {
	case t.is("CHECK"):
		expr, next, err := groupText(src, def, i+1)
		if err != nil {
			return 0, fmt.Errorf("check %s: %w", name, err)
		}
		ddl.checks = append(ddl.checks, ddlCheck{name, unwrapParens(expr)})
		return next, nil
	case t.is("FOREIGN") && column == "":
		fk, next, err := tableForeignKey(def, i)
		if err != nil {
			return 0, fmt.Errorf("foreign key %s: %w", name, err)
		}
		fk.name = name
		ddl.foreignKeys = append(ddl.foreignKeys, fk)
		return next, nil
	case t.is("REFERENCES") && column != "" && i+1 < len(def):
		ddl.foreignKeys = append(ddl.foreignKeys, ddlForeignKey{name, []string{column}, def[i+1].text})
		return i + 2, nil
	case t.is("UNIQUE"):
		return ddl.unique(def, i, column, name), nil
	case t.is("AUTOINCREMENT") && column != "":
		ddl.autoIncrement = append(ddl.autoIncrement, column)
	case t.is("COLLATE") && column != "" && i+1 < len(def):
		if ddl.collations == nil {
			ddl.collations = map[string]string{}
		}
		ddl.collations[column] = def[i+1].text
		return i + 2, nil
	}
	return i + 1, nil
}

// unique records the UNIQUE constraint at def[i], on column or, in a table
// constraint, on the parenthesised columns after it, and returns the index
// after what it read.
func (ddl *tableDDL) unique(def []token, i int, column, name string) int {
	if column != "" {
		ddl.uniques = append(ddl.uniques, ddlUnique{name, []string{column}})
		return i + 1
	}
	end := matchingToken(def, i+1)
	if i+1 >= len(def) || end < 0 {
		return i + 1
	}
	u := ddlUnique{name: name}
	for _, part := range splitDefinitions(def[i+2 : end]) {
		if len(part) > 0 {
			u.columns = append(u.columns, part[0].text)
		}
	}
	ddl.uniques = append(ddl.uniques, u)
	return end + 1
}

func isAnyWord(t token, words []string) bool {
	for _, w := range words {
		if t.is(w) {
			return true
		}
	}
	return false
}

// skipGroup returns the index after the parenthesised group at toks[i], or
// after toks[i] when it does not open one.
func skipGroup(toks []token, i int) int {
	if end := matchingToken(toks, i); end > i {
		return end + 1
	}
	return i + 1
}

// groupText returns the source text inside the parenthesised group that
// starts at toks[i], and the index after it.
func groupText(src string, toks []token, i int) (string, int, error) {
	if i >= len(toks) || !toks[i].is("(") {
		return "", 0, fmt.Errorf("no parenthesised expression")
	}
	end := matchingToken(toks, i)
	if end < 0 {
		return "", 0, fmt.Errorf("unbalanced parentheses")
	}
	return strings.TrimSpace(src[toks[i].end:toks[end].start]), end + 1, nil
}

// tableForeignKey reads FOREIGN KEY (cols) REFERENCES table starting at
// toks[i] (FOREIGN), returning the index after the referenced table.
func tableForeignKey(toks []token, i int) (ddlForeignKey, int, error) {
	if i+2 >= len(toks) || !toks[i+1].is("KEY") || !toks[i+2].is("(") {
		return ddlForeignKey{}, 0, fmt.Errorf("want FOREIGN KEY (columns)")
	}
	end := matchingToken(toks, i+2)
	if end < 0 || end+2 >= len(toks) || !toks[end+1].is("REFERENCES") {
		return ddlForeignKey{}, 0, fmt.Errorf("want FOREIGN KEY (columns) REFERENCES table")
	}
	var fk ddlForeignKey
	for _, t := range toks[i+3 : end] {
		if t.isName() {
			fk.columns = append(fk.columns, t.text)
		}
	}
	fk.refTable = toks[end+2].text
	return fk, end + 3, nil
}
