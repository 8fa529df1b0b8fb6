package lint

// parser walks the tokens of one statement. Every method that consumes
// tokens does so only when they match, so a failed match leaves pos alone.
type parser struct {
	toks []token
	pos  int
}

// done reports whether every token has been read.
func (p *parser) done() bool { return p.pos >= len(p.toks) }

// peek returns the token i places ahead, or a zero token past the end.
func (p *parser) peek(i int) token {
	if p.pos+i < len(p.toks) {
		return p.toks[p.pos+i]
	}
	return token{kind: -1}
}

// at reports whether the next tokens are the keywords words.
func (p *parser) at(words ...string) bool {
	for i, w := range words {
		if !p.peek(i).is(w) {
			return false
		}
	}
	return true
}

// kw consumes the keywords words when they come next.
func (p *parser) kw(words ...string) bool {
	if !p.at(words...) {
		return false
	}
	p.pos += len(words)
	return true
}

// punct consumes the punctuation s when it comes next.
func (p *parser) punct(s string) bool {
	if !p.peek(0).punct(s) {
		return false
	}
	p.pos++
	return true
}

// ident consumes an identifier. Quoted identifiers keep their case,
// unquoted ones are lower-cased, as PostgreSQL folds them.
func (p *parser) ident() (string, bool) {
	t := p.peek(0)
	if t.kind != tokWord && t.kind != tokQuoted {
		return "", false
	}
	p.pos++
	return t.text, true
}

// name consumes a possibly schema-qualified name and returns its last part:
// the linter tells tables apart by name alone.
func (p *parser) name() (string, bool) {
	n, ok := p.ident()
	for ok && p.peek(0).punct(".") {
		p.pos++
		n, ok = p.ident()
	}
	return n, ok
}

// names consumes a comma-separated list of names.
func (p *parser) names() ([]string, bool) {
	var out []string
	for {
		n, ok := p.name()
		if !ok {
			return nil, false
		}
		out = append(out, n)
		if !p.punct(",") {
			return out, true
		}
	}
}

// group consumes a parenthesised group and returns the tokens inside it.
func (p *parser) group() ([]token, bool) {
	if !p.peek(0).punct("(") {
		return nil, false
	}
	start, depth := p.pos+1, 0
	for ; p.pos < len(p.toks); p.pos++ {
		switch t := p.toks[p.pos]; {
		case t.punct("(") || t.punct("["):
			depth++
		case t.punct(")") || t.punct("]"):
			depth--
		}
		if depth == 0 {
			p.pos++
			return p.toks[start : p.pos-1], true
		}
	}
	return nil, false
}

// until consumes tokens up to (not including) the first one at nesting
// depth 0 for which stop is true, or to the end.
func (p *parser) until(stop func(token) bool) []token {
	start, depth := p.pos, 0
	for ; p.pos < len(p.toks); p.pos++ {
		t := p.toks[p.pos]
		if depth == 0 && stop(t) {
			break
		}
		switch {
		case t.punct("(") || t.punct("["):
			depth++
		case t.punct(")") || t.punct("]"):
			depth--
		}
	}
	return p.toks[start:p.pos]
}

// rest consumes every remaining token.
func (p *parser) rest() []token {
	t := p.toks[p.pos:]
	p.pos = len(p.toks)
	return t
}

// splitTop splits toks at commas of nesting depth 0.
func splitTop(toks []token) [][]token {
	sub := parser{toks: toks}
	var parts [][]token
	for !sub.done() {
		parts = append(parts, sub.until(func(t token) bool { return t.punct(",") }))
		sub.punct(",")
	}
	return parts
}
