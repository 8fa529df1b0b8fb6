package lint

import "slices"

// columnStops are the keywords that end a column's type or default.
var columnStops = []string{"constraint", "not", "null", "default", "primary", "unique", "references", "check", "generated", "collate", "using"}

func isColumnStop(t token) bool { return t.kind == tokWord && slices.Contains(columnStops, t.text) }

// serials are the types whose default, nextval(), fills every existing row.
var serials = []string{"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"}

// columnDef reads a column definition: name, type, column constraints.
func columnDef(p *parser) (column, bool) {
	name, ok := p.ident()
	if !ok {
		return column{}, false
	}
	c := column{name: name, typ: parseType(p.until(isColumnStop))}
	if c.typ.name == "" {
		return column{}, false
	}
	if slices.Contains(serials, c.typ.name) {
		c.rewrite = "is a " + c.typ.name + " column, whose default nextval() is volatile"
	}
	for !p.done() {
		if !columnConstraint(p, &c) {
			return column{}, false
		}
	}
	return c, true
}

// columnConstraint reads one column constraint into c.
func columnConstraint(p *parser, c *column) bool {
	name := ""
	if p.kw("constraint") {
		n, ok := p.ident()
		if !ok {
			return false
		}
		name = n
	}
	switch {
	case p.kw("not", "null"):
		c.notNull = true
	case p.kw("null"):
	case p.kw("default"):
		return columnDefault(p, c)
	case p.kw("collate"):
		_, ok := p.name()
		return ok
	case p.kw("generated"):
		return generated(p, c)
	default:
		con, ok := inlineConstraint(p)
		con.name = name
		c.inline = append(c.inline, con)
		return ok
	}
	return true
}

// columnDefault reads a DEFAULT expression into c.
func columnDefault(p *parser, c *column) bool {
	if p.done() {
		return false
	}
	first := p.peek(0)
	p.pos++
	expr := append([]token{first}, p.until(isColumnStop)...)
	c.hasDefault = true
	if why := volatileDefault(expr); why != "" && c.rewrite == "" {
		c.rewrite = why
	}
	return true
}

// generated reads GENERATED … AS IDENTITY or GENERATED ALWAYS AS (…) STORED.
func generated(p *parser, c *column) bool {
	p.kw("always")
	p.kw("by", "default")
	if !p.kw("as") {
		return false
	}
	if p.kw("identity") {
		p.group()
		c.rewrite = "is an identity column, numbering every existing row"
		return true
	}
	if _, ok := p.group(); !ok || !p.kw("stored") {
		return false
	}
	c.rewrite = "is a stored generated column, computed for every existing row"
	return true
}

// inlineConstraint reads PRIMARY KEY, UNIQUE, REFERENCES or CHECK on a column.
func inlineConstraint(p *parser) (constraint, bool) {
	switch {
	case p.kw("primary", "key"):
		return constraint{kind: conPrimaryKey}, true
	case p.kw("unique"):
		p.kw("nulls", "not", "distinct")
		return constraint{kind: conUnique}, true
	case p.kw("references"):
		if _, ok := p.name(); !ok {
			return constraint{}, false
		}
		referencesTail(p)
		return constraint{kind: conForeignKey}, true
	case p.kw("check"):
		body, ok := p.group()
		p.kw("no", "inherit")
		return constraint{kind: conCheck}, ok && len(body) > 0
	}
	return constraint{}, false
}

// tableConstraint reads [CONSTRAINT name] CHECK | FOREIGN KEY | UNIQUE |
// PRIMARY KEY … [NOT VALID] as ALTER TABLE … ADD writes it.
func tableConstraint(p *parser) (constraint, bool) {
	var c constraint
	if p.kw("constraint") {
		n, ok := p.ident()
		if !ok {
			return c, false
		}
		c.name = n
	}
	switch {
	case p.kw("check"):
		body, ok := p.group()
		if !ok {
			return c, false
		}
		c.kind, c.notNullOf = conCheck, notNullCheck(body)
	case p.kw("foreign", "key"):
		c.kind = conForeignKey
	case p.kw("unique"):
		c.kind = conUnique
	case p.kw("primary", "key"):
		c.kind = conPrimaryKey
	default:
		return c, false
	}
	c.usingIndex = p.at("using", "index")
	c.notValid = trailingNotValid(p.rest())
	return c, true
}

// trailingNotValid reports whether NOT VALID ends a constraint's tokens.
func trailingNotValid(toks []token) bool {
	n := len(toks)
	return n >= 2 && toks[n-2].is("not") && toks[n-1].is("valid")
}

// notNullCheck returns col when body is "col IS NOT NULL", else "".
func notNullCheck(body []token) string {
	for len(body) >= 2 && body[0].punct("(") && body[len(body)-1].punct(")") {
		body = body[1 : len(body)-1]
	}
	if len(body) == 4 && (body[0].kind == tokWord || body[0].kind == tokQuoted) &&
		body[1].is("is") && body[2].is("not") && body[3].is("null") {
		return body[0].text
	}
	return ""
}

// referencesTail consumes what may follow REFERENCES table: the columns,
// MATCH, ON DELETE/UPDATE actions and deferrability.
func referencesTail(p *parser) {
	p.group()
	for {
		switch {
		case p.kw("match", "full"), p.kw("match", "partial"), p.kw("match", "simple"):
		case p.kw("on", "delete"), p.kw("on", "update"):
			referentialAction(p)
		case p.kw("deferrable"), p.kw("not", "deferrable"),
			p.kw("initially", "deferred"), p.kw("initially", "immediate"):
		default:
			return
		}
	}
}

func referentialAction(p *parser) {
	switch {
	case p.kw("set", "null"), p.kw("set", "default"):
		p.group()
	case p.kw("no", "action"), p.kw("cascade"), p.kw("restrict"):
	}
}
