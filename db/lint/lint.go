package lint

import "fmt"

// Check judges migrations, in history order, and returns what they break,
// in the order of their statements. Migrations marked Baseline are read,
// never judged. Lint is pure: no database, no I/O, safe for concurrent use.
func Check(migrations []Migration, opts Options) []Finding {
	s := newState(opts)
	var out []Finding
	for i := range migrations {
		out = append(out, s.migration(&migrations[i])...)
	}
	return out
}

// state is what the linter knows of the schema so far, and of the
// migration it is reading.
type state struct {
	opts    Options
	columns map[string]map[string]sqlType // table -> column -> type
	checks  map[string]map[string]*check  // table -> constraint -> check
	indexes map[string]string             // index -> table

	// Of the current migration:
	mig         *Migration
	inTx        bool
	sql         string
	newTables   map[string]bool
	createdNew  map[string]bool // new tables of earlier judged migrations, with Options.Together
	lockedInTx  map[string]bool // tables an earlier statement of the transaction locked
	notValidTx  map[string]bool // table.constraint added NOT VALID in the transaction
	lockTimeout bool
	timeoutSeen bool // MDB111 already judged
	findings    []Finding
}

// check is a check constraint the linter has seen.
type check struct {
	notNullOf string
	validated bool
}

func newState(opts Options) *state {
	return &state{
		opts:    opts,
		columns: map[string]map[string]sqlType{},
		checks:  map[string]map[string]*check{},
		indexes: map[string]string{},
	}
}

// migration reads one migration's statements and returns its findings.
func (s *state) migration(m *Migration) []Finding {
	s.mig, s.findings = m, nil
	s.newTables = map[string]bool{}
	for t, isNew := range s.createdNew {
		s.newTables[t] = isNew
	}
	for _, t := range s.opts.NewTables {
		s.newTables[t] = true
	}
	s.lockedInTx, s.notValidTx = map[string]bool{}, map[string]bool{}
	s.lockTimeout, s.timeoutSeen = m.LockTimeout > 0, false
	for _, st := range m.Statements {
		s.inTx = st.InTransaction
		if !st.InTransaction { // a statement outside ends the transaction before it
			s.lockedInTx, s.notValidTx = map[string]bool{}, map[string]bool{}
		}
		for _, stmt := range lex(st.SQL) {
			s.sql = oneLine(stmt.text)
			for _, a := range recognise(stmt.toks) {
				s.judge(a)
			}
		}
	}
	if m.Opaque != "" {
		s.sql = ""
		s.report(NotInspected, "part of the migration is not SQL the linter was given: "+m.Opaque)
	}
	if m.Baseline {
		return nil
	}
	s.unusedAcks()
	if s.opts.Together {
		s.createdNew = s.newTables
	}
	return s.findings
}

// existing reports whether table is taken to hold rows.
func (s *state) existing(table string) bool { return !s.newTables[table] }

// report records a finding of rule r on the current statement; why, when
// not empty, replaces the rule's generic reason.
func (s *state) report(r Rule, why string) {
	if why == "" {
		why = r.Why
	}
	f := Finding{Migration: s.mig.ID, Rule: r.ID, Statement: s.sql, Why: why, Instead: r.Instead}
	for _, a := range s.mig.Acks {
		if a.Rule == r.ID {
			f.Ack = a.Reason
		}
	}
	s.findings = append(s.findings, f)
}

// unusedAcks reports, as warnings, the current migration's
// acknowledgements that no finding of their rule matches. An
// acknowledgement of MDB113 itself is used when another one is unused.
func (s *state) unusedAcks() {
	found := map[string]bool{}
	for _, f := range s.findings {
		found[f.Rule] = true
	}
	s.sql = ""
	for _, pass := range []bool{false, true} { // MDB113's own acknowledgements last
		for _, a := range s.mig.Acks {
			if (a.Rule == UnusedAck.ID) != pass || found[a.Rule] {
				continue
			}
			s.report(UnusedAck, fmt.Sprintf("the acknowledgement of %s on line %d matches no finding of %s in this migration, so it can be removed; "+
				"left in place after the code it excused changed, it would hide the next real finding of %s",
				a.Rule, a.Line, a.Rule, a.Rule))
			s.findings[len(s.findings)-1].Severity = Warning
			found[UnusedAck.ID] = true
		}
	}
}

// locks notes that the current statement takes a lock on table that a
// transaction keeps until it ends, and judges the lock timeout.
func (s *state) locks(table string) {
	s.needsTimeout()
	if s.inTx && table != "" {
		s.lockedInTx[table] = true
	}
}

// needsTimeout judges MDB111 on the first statement that waits for a lock.
func (s *state) needsTimeout() {
	if s.timeoutSeen {
		return
	}
	s.timeoutSeen = true
	if !s.lockTimeout {
		s.report(NoLockTimeout, "")
	}
}
