package lint

// createTableStatement reads CREATE TABLE [IF NOT EXISTS] name (…) …,
// keeping the columns (their types matter to later type changes).
func createTableStatement(p *parser) (action, bool) {
	p.kw("if", "not", "exists")
	table, ok := p.name()
	if !ok {
		return nil, false
	}
	a := createTable{table: table}
	body, ok := p.group()
	if !ok { // CREATE TABLE … AS, PARTITION OF…: a new table all the same
		p.rest()
		return a, true
	}
	for _, def := range splitTop(body) {
		if len(def) > 0 && isTableElement(def[0]) {
			if c, ok := tableConstraint(&parser{toks: def}); ok && c.kind == conCheck {
				a.checks = append(a.checks, c)
			}
			continue
		}
		c, ok := columnDef(&parser{toks: def})
		if !ok {
			return nil, false
		}
		a.columns = append(a.columns, c)
	}
	p.rest() // WITH (…), TABLESPACE, PARTITION BY
	return a, true
}

// isTableElement reports whether a CREATE TABLE element starting with t is
// a table constraint or LIKE, not a column.
func isTableElement(t token) bool {
	for _, kw := range []string{"constraint", "primary", "unique", "foreign", "check", "exclude", "like"} {
		if t.is(kw) {
			return true
		}
	}
	return false
}

// alterTableStatement reads ALTER TABLE [IF EXISTS] [ONLY] name and its
// comma-separated actions. One action it cannot read makes the whole
// statement not inspected.
func alterTableStatement(p *parser) ([]action, bool) {
	p.kw("if", "exists")
	p.kw("only")
	table, ok := p.name()
	if !ok {
		return nil, false
	}
	if p.kw("rename", "to") {
		to, ok := p.ident()
		return []action{renameTable{table, to}}, ok
	}
	var acts []action
	for _, part := range splitTop(p.rest()) {
		a, ok := alterAction(&parser{toks: part}, table)
		if !ok {
			return nil, false
		}
		acts = append(acts, a)
	}
	return acts, len(acts) > 0
}

// alterAction reads one action of ALTER TABLE table; it must use every token.
func alterAction(p *parser, table string) (action, bool) {
	a, ok := alterActionHead(p, table)
	if !ok || !p.done() {
		return nil, false
	}
	return a, true
}

func alterActionHead(p *parser, table string) (action, bool) {
	switch {
	case p.kw("add"):
		return addAction(p, table)
	case p.kw("drop", "constraint"):
		p.kw("if", "exists")
		name, ok := p.ident()
		dropBehaviour(p)
		return dropConstraint{table, name}, ok
	case p.kw("drop"):
		p.kw("column")
		p.kw("if", "exists")
		name, ok := p.ident()
		dropBehaviour(p)
		return dropColumn{table, name}, ok
	case p.kw("validate", "constraint"):
		name, ok := p.ident()
		return validateConstraint{table, name}, ok
	case p.kw("rename", "constraint"):
		return alterTableOther{table}, renameArgs(p) != nil
	case p.kw("rename"):
		p.kw("column")
		if names := renameArgs(p); names != nil {
			return renameColumn{table, names[0], names[1]}, true
		}
		return nil, false
	case p.kw("alter"):
		p.kw("column")
		return alterColumnAction(p, table)
	}
	return nil, false
}

func dropBehaviour(p *parser) {
	if !p.kw("cascade") {
		p.kw("restrict")
	}
}

// renameArgs reads "a TO b".
func renameArgs(p *parser) []string {
	from, ok := p.ident()
	if !ok || !p.kw("to") {
		return nil
	}
	to, ok := p.ident()
	if !ok {
		return nil
	}
	return []string{from, to}
}

// addAction reads ADD [COLUMN] [IF NOT EXISTS] column, or ADD constraint.
func addAction(p *parser, table string) (action, bool) {
	if p.peek(0).kind == tokWord && isTableElement(p.peek(0)) {
		c, ok := tableConstraint(p)
		return addConstraint{table, c}, ok
	}
	p.kw("column")
	p.kw("if", "not", "exists")
	c, ok := columnDef(p)
	return addColumn{table, c}, ok
}

// alterColumnAction reads what follows ALTER [COLUMN] in ALTER TABLE.
func alterColumnAction(p *parser, table string) (action, bool) {
	col, ok := p.ident()
	if !ok {
		return nil, false
	}
	switch {
	case p.kw("set", "not", "null"):
		return setNotNull{table, col}, true
	case p.kw("drop", "not", "null"), p.kw("drop", "default"):
		return alterTableOther{table}, true
	case p.kw("set", "default"):
		p.rest() // a new default applies to new rows only: no rewrite
		return alterTableOther{table}, true
	case p.kw("set", "statistics"), p.kw("set", "storage"), p.kw("set", "compression"):
		p.rest()
		return alterTableOther{table}, true
	}
	p.kw("set", "data")
	if !p.kw("type") {
		return nil, false
	}
	return alterTypeAction(p, table, col)
}

// alterTypeAction reads TYPE t [COLLATE c] [USING expr].
func alterTypeAction(p *parser, table, col string) (action, bool) {
	a := alterType{table: table, column: col, to: parseType(p.until(isColumnStop)), plainUsing: true}
	if a.to.name == "" {
		return nil, false
	}
	if p.kw("collate") {
		if _, ok := p.name(); !ok {
			return nil, false
		}
	}
	if p.kw("using") {
		a.plainUsing = plainUsing(p.rest(), col, a.to)
	}
	return a, true
}

// plainUsing reports whether a USING expression is the column itself,
// possibly cast to the new type, which PostgreSQL treats like no USING.
func plainUsing(expr []token, col string, to sqlType) bool {
	if len(expr) == 0 || expr[0].text != col || expr[0].kind == tokString {
		return false
	}
	if len(expr) == 1 {
		return true
	}
	return expr[1].punct("::") && parseType(expr[2:]).String() == to.String()
}
