package lint

import "fmt"

func (s *state) addColumn(a addColumn) {
	s.locks(a.table)
	s.column(a.table)[a.col.name] = a.col.typ
	if !s.existing(a.table) {
		return
	}
	c := a.col
	if c.notNull && !c.hasDefault {
		s.report(NotNullWithoutDefault, fmt.Sprintf("column %q is NOT NULL without a default: adding it fails once %q has rows", c.name, a.table))
	}
	if c.rewrite != "" {
		s.report(VolatileDefault, fmt.Sprintf("column %q of %q %s: adding it rewrites the table under an ACCESS EXCLUSIVE lock", c.name, a.table, c.rewrite))
	}
	for _, con := range c.inline {
		s.constraintOnExisting(a.table, con)
	}
}

// column returns the known columns of table, creating the entry.
func (s *state) column(table string) map[string]sqlType {
	if s.columns[table] == nil {
		s.columns[table] = map[string]sqlType{}
	}
	return s.columns[table]
}

func (s *state) alterType(a alterType) {
	s.locks(a.table)
	from, known := s.columns[a.table][a.column]
	s.column(a.table)[a.column] = a.to
	if !s.existing(a.table) {
		return
	}
	switch {
	case !known:
		s.report(TypeChangeRewrite, fmt.Sprintf("the linter does not know the current type of %q.%q, so changing it to %s may rewrite the table", a.table, a.column, a.to))
	case !a.plainUsing:
		s.report(TypeChangeRewrite, fmt.Sprintf("changing %q.%q with a USING expression rewrites the table under an ACCESS EXCLUSIVE lock", a.table, a.column))
	case rewrites(from, a.to):
		s.report(TypeChangeRewrite, fmt.Sprintf("changing %q.%q from %s to %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock", a.table, a.column, from, a.to))
	}
}

func (s *state) setNotNull(a setNotNull) {
	s.locks(a.table)
	if !s.existing(a.table) {
		return
	}
	for _, c := range s.checks[a.table] {
		if c.notNullOf == a.column && c.validated {
			return
		}
	}
	s.report(NotNullWithScan, fmt.Sprintf("SET NOT NULL on %q.%q scans the whole table under an ACCESS EXCLUSIVE lock: no validated CHECK (%s IS NOT NULL) comes before it", a.table, a.column, a.column))
}

func (s *state) addConstraint(a addConstraint) {
	s.locks(a.table)
	c := a.con
	s.recordCheck(a.table, c)
	if c.notValid && s.inTx {
		s.notValidTx[a.table+"."+c.name] = true
	}
	if s.existing(a.table) {
		s.constraintOnExisting(a.table, c)
	}
}

// recordCheck remembers a named check constraint of table.
func (s *state) recordCheck(table string, c constraint) {
	if c.kind != conCheck || c.name == "" {
		return
	}
	if s.checks[table] == nil {
		s.checks[table] = map[string]*check{}
	}
	s.checks[table][c.name] = &check{notNullOf: c.notNullOf, validated: !c.notValid}
}

// constraintOnExisting judges a constraint added to a table with rows.
func (s *state) constraintOnExisting(table string, c constraint) {
	switch c.kind {
	case conForeignKey, conCheck:
		if !c.notValid {
			s.report(ConstraintWithoutNotValid, fmt.Sprintf("adding %s %s validates every row of %q under a lock that blocks writes", c.kind, quoteName(c.name), table))
		}
	case conUnique, conPrimaryKey:
		if !c.usingIndex {
			s.report(UniqueWithoutIndex, fmt.Sprintf("adding %s %s builds its index on %q under a lock that blocks writes for the whole build", c.kind, quoteName(c.name), table))
		}
	}
}

func quoteName(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	return fmt.Sprintf("%q", name)
}

func (s *state) validate(a validateConstraint) {
	s.needsTimeout()
	if c := s.checks[a.table][a.name]; c != nil {
		c.validated = true
	}
	if s.inTx && s.notValidTx[a.table+"."+a.name] && s.existing(a.table) {
		s.report(ConstraintWithoutNotValid, fmt.Sprintf("constraint %q is validated in the transaction that added it NOT VALID, so the lock taken by ADD is held for the whole scan of %q", a.name, a.table))
	}
}

func (s *state) update(a update) {
	s.needsTimeout()
	if s.inTx && s.lockedInTx[a.table] && s.existing(a.table) {
		s.report(BackfillUnderLock, fmt.Sprintf("this UPDATE of %q runs in the transaction that altered it, so the table stays locked for the whole backfill", a.table))
	}
}
