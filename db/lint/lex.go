package lint

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind sorts the tokens of a statement.
type tokKind int

const (
	tokWord   tokKind = iota // an unquoted identifier or keyword, lower-cased
	tokQuoted                // a double-quoted identifier, unescaped
	tokString                // a string constant ('…', E'…', $tag$…$tag$)
	tokNumber                // a numeric constant
	tokPunct                 // ( ) , ; [ ] .
	tokOp                    // any other operator: = :: + || …
)

// token is one lexical token of a statement.
type token struct {
	kind tokKind
	text string
}

// is reports whether t is the keyword kw (lower case).
func (t token) is(kw string) bool { return t.kind == tokWord && t.text == kw }

// punct reports whether t is the punctuation or operator p.
func (t token) punct(p string) bool { return (t.kind == tokPunct || t.kind == tokOp) && t.text == p }

// lexed is one statement: its tokens and its text as written.
type lexed struct {
	toks []token
	text string
}

// lex splits sql into statements of tokens, dropping comments. It never
// fails: an unterminated string or identifier runs to the end of the text,
// and the recogniser then reports a statement it does not understand.
func lex(sql string) []lexed {
	var stmts []lexed
	var cur lexed
	l := lexer{src: sql}
	start := -1
	for {
		l.skipSpaceAndComments()
		at := l.pos
		t, ok := l.next()
		if !ok {
			break
		}
		if t.punct(";") {
			stmts, cur, start = appendStmt(stmts, cur, sql, start, at), lexed{}, -1
			continue
		}
		if start < 0 {
			start = at
		}
		cur.toks = append(cur.toks, t)
	}
	return appendStmt(stmts, cur, sql, start, l.pos)
}

func appendStmt(stmts []lexed, cur lexed, sql string, start, end int) []lexed {
	if len(cur.toks) == 0 {
		return stmts
	}
	cur.text = strings.TrimSpace(sql[start:end])
	return append(stmts, cur)
}

// lexer reads tokens from src.
type lexer struct {
	src string
	pos int
}

// next returns the next token, or false at the end of the text.
func (l *lexer) next() (token, bool) {
	l.skipSpaceAndComments()
	if l.pos >= len(l.src) {
		return token{}, false
	}
	c := l.src[l.pos]
	switch {
	case c == '"':
		return token{tokQuoted, l.quoted('"', false)}, true
	case c == '\'':
		return token{tokString, l.quoted('\'', false)}, true
	case (c == 'e' || c == 'E') && l.peekAt(1) == '\'':
		l.pos++
		return token{tokString, l.quoted('\'', true)}, true
	case c == '$' && l.dollarTag() != "":
		return token{tokString, l.dollarQuoted()}, true
	case c >= '0' && c <= '9':
		return token{tokNumber, l.run(isNumberByte)}, true
	case isWordStart(l.src[l.pos:]):
		return token{tokWord, strings.ToLower(l.word())}, true
	case strings.ContainsRune("(),;[].", rune(c)):
		l.pos++
		return token{tokPunct, string(c)}, true
	}
	return token{tokOp, l.run(isOpByte)}, true
}

func (l *lexer) peekAt(i int) byte {
	if l.pos+i < len(l.src) {
		return l.src[l.pos+i]
	}
	return 0
}

func (l *lexer) skipSpaceAndComments() {
	for l.pos < len(l.src) {
		switch {
		case strings.HasPrefix(l.src[l.pos:], "--"):
			end := strings.IndexByte(l.src[l.pos:], '\n')
			if end < 0 {
				l.pos = len(l.src)
				return
			}
			l.pos += end + 1
		case strings.HasPrefix(l.src[l.pos:], "/*"):
			l.blockComment()
		case unicode.IsSpace(rune(l.src[l.pos])):
			l.pos++
		default:
			return
		}
	}
}

// blockComment skips a /* … */ comment, which may nest in PostgreSQL.
func (l *lexer) blockComment() {
	depth := 0
	for l.pos < len(l.src) {
		switch {
		case strings.HasPrefix(l.src[l.pos:], "/*"):
			depth++
			l.pos += 2
		case strings.HasPrefix(l.src[l.pos:], "*/"):
			depth--
			l.pos += 2
			if depth == 0 {
				return
			}
		default:
			l.pos++
		}
	}
}

// quoted reads a quoted token whose quote is doubled inside it; with
// backslashes (an E'…' string), a backslash escapes the byte after it.
func (l *lexer) quoted(q byte, backslashes bool) string {
	var b strings.Builder
	l.pos++
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		l.pos++
		if backslashes && c == '\\' && l.pos < len(l.src) {
			b.WriteByte(l.src[l.pos])
			l.pos++
			continue
		}
		if c != q {
			b.WriteByte(c)
			continue
		}
		if l.pos < len(l.src) && l.src[l.pos] == q {
			b.WriteByte(q)
			l.pos++
			continue
		}
		break
	}
	return b.String()
}

// dollarTag returns the $tag$ opening a dollar-quoted string at pos, or "".
func (l *lexer) dollarTag() string {
	end := strings.IndexByte(l.src[l.pos+1:], '$')
	if end < 0 {
		return ""
	}
	tag := l.src[l.pos : l.pos+end+2]
	for _, r := range tag[1 : len(tag)-1] {
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return ""
		}
	}
	return tag
}

func (l *lexer) dollarQuoted() string {
	tag := l.dollarTag()
	l.pos += len(tag)
	end := strings.Index(l.src[l.pos:], tag)
	if end < 0 {
		s := l.src[l.pos:]
		l.pos = len(l.src)
		return s
	}
	s := l.src[l.pos : l.pos+end]
	l.pos += end + len(tag)
	return s
}

func (l *lexer) word() string {
	start := l.pos
	for l.pos < len(l.src) {
		r, size := utf8.DecodeRuneInString(l.src[l.pos:])
		if r != '_' && r != '$' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		l.pos += size
	}
	return l.src[start:l.pos]
}

func (l *lexer) run(keep func(byte) bool) string {
	start := l.pos
	for l.pos < len(l.src) && keep(l.src[l.pos]) {
		l.pos++
	}
	if l.pos == start { // a byte nothing else reads: take it alone
		l.pos++
	}
	return l.src[start:l.pos]
}

func isWordStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == '_' || unicode.IsLetter(r)
}

func isNumberByte(c byte) bool { return c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' }

func isOpByte(c byte) bool { return strings.IndexByte("+-*/<>=~!@#%^&|`?:", c) >= 0 }
