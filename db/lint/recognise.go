package lint

import "strings"

// recognise reads one statement as the actions it performs. A statement of
// a shape it does not know, or one with tokens left over, is notInspected:
// the linter never takes what it cannot read for safe.
func recognise(toks []token) []action {
	p := &parser{toks: toks}
	acts, ok := statement(p)
	if !ok || !p.done() {
		return []action{notInspected{"the linter does not recognise this statement"}}
	}
	return acts
}

// statement dispatches on the statement's first keywords.
func statement(p *parser) ([]action, bool) {
	switch {
	case p.kw("create"):
		return createStatement(p)
	case p.kw("drop", "index"):
		return one(dropIndexStatement(p))
	case p.kw("drop", "table"):
		return one(dropTableStatement(p))
	case p.kw("alter", "table"):
		return alterTableStatement(p)
	case p.kw("alter", "index"):
		return one(alterIndexStatement(p))
	case p.kw("update"):
		return one(updateStatement(p))
	case p.kw("set"):
		return one(setStatement(p))
	case p.at("comment", "on"), p.at("insert", "into"), p.at("select"), p.at("delete", "from"):
		p.rest()
		return []action{harmless{}}, true
	}
	return nil, false
}

func one(a action, ok bool) ([]action, bool) {
	if !ok {
		return nil, false
	}
	return []action{a}, true
}

// newObjects are what CREATE makes that takes no lasting lock on a table.
var newObjects = []string{"sequence", "type", "schema", "extension", "view", "function", "domain"}

func createStatement(p *parser) ([]action, bool) {
	unique := p.kw("unique")
	switch {
	case p.kw("index"):
		return one(createIndexStatement(p, unique))
	case unique:
		return nil, false
	case p.kw("table"):
		return one(createTableStatement(p))
	}
	p.kw("or", "replace")
	for _, o := range newObjects {
		if p.kw(o) {
			p.rest()
			return []action{harmless{}}, true
		}
	}
	return nil, false
}

// createIndexStatement reads the rest of
// CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table ….
func createIndexStatement(p *parser, unique bool) (action, bool) {
	a := createIndex{unique: unique, concurrently: p.kw("concurrently")}
	p.kw("if", "not", "exists")
	if !p.at("on") {
		a.name, _ = p.name()
	}
	if !p.kw("on") {
		return nil, false
	}
	p.kw("only")
	table, ok := p.name()
	if !ok {
		return nil, false
	}
	a.table = table
	p.rest() // USING method, columns, INCLUDE, WHERE: none changes the lock
	return a, true
}

func dropIndexStatement(p *parser) (action, bool) {
	a := dropIndex{concurrently: p.kw("concurrently")}
	p.kw("if", "exists")
	names, ok := p.names()
	if !ok {
		return nil, false
	}
	a.names = names
	dropBehaviour(p)
	return a, true
}

func dropTableStatement(p *parser) (action, bool) {
	p.kw("if", "exists")
	names, ok := p.names()
	if !ok {
		return nil, false
	}
	dropBehaviour(p)
	return dropTable{names}, true
}

// alterIndexStatement reads ALTER INDEX [IF EXISTS] name RENAME TO new,
// which takes a brief lock on the index alone.
func alterIndexStatement(p *parser) (action, bool) {
	p.kw("if", "exists")
	if _, ok := p.name(); !ok || !p.kw("rename", "to") {
		return nil, false
	}
	if _, ok := p.name(); !ok {
		return nil, false
	}
	return harmless{}, true
}

// updateStatement reads UPDATE [ONLY] table …; the rest does not matter.
func updateStatement(p *parser) (action, bool) {
	p.kw("only")
	table, ok := p.name()
	if !ok || p.peek(0).kind != tokWord { // SET, or AS alias, or alias
		return nil, false
	}
	p.rest()
	return update{table}, true
}

// setStatement reads SET [LOCAL|SESSION] name {=|TO} value. Only
// lock_timeout matters; other settings are harmless.
func setStatement(p *parser) (action, bool) {
	local := p.kw("local")
	if !local {
		p.kw("session")
	}
	name, ok := p.ident()
	if !ok || !p.punct("=") && !p.kw("to") {
		return nil, false
	}
	value := p.rest()
	if name != "lock_timeout" {
		return harmless{}, true
	}
	return setLockTimeout{on: positiveSetting(value), local: local}, true
}

// positiveSetting reports whether a timeout's value is more than zero:
// 0, '0', '0ms', DEFAULT and anything unreadable are not.
func positiveSetting(value []token) bool {
	if len(value) != 1 || value[0].is("default") {
		return false
	}
	v := strings.TrimSpace(value[0].text)
	digits := strings.TrimRight(v, "abcdefghijklmnopqrstuvwxyz ")
	return digits != "" && strings.Trim(digits, "0.") != ""
}
