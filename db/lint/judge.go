package lint

import "fmt"

// judge applies the rules to one action, then records what it changes.
func (s *state) judge(a action) {
	switch a := a.(type) {
	case createTable:
		s.createTable(a)
	case createIndex:
		s.createIndex(a)
	case dropIndex:
		s.dropIndex(a)
	case dropTable:
		s.dropTable(a)
	case renameTable:
		s.renameTable(a)
	case addColumn:
		s.addColumn(a)
	case dropColumn:
		s.locks(a.table)
		s.ifExisting(a.table, DropTableOrColumn, fmt.Sprintf("dropping column %q of %q breaks every replica still running code that uses it", a.column, a.table))
		delete(s.columns[a.table], a.column)
	case renameColumn:
		s.renameColumn(a)
	case alterType:
		s.alterType(a)
	case setNotNull:
		s.setNotNull(a)
	case addConstraint:
		s.addConstraint(a)
	case validateConstraint:
		s.validate(a)
	case dropConstraint:
		s.locks(a.table)
		delete(s.checks[a.table], a.name)
	case alterTableOther:
		s.locks(a.table)
	case update:
		s.update(a)
	case setLockTimeout:
		s.lockTimeout = a.on && (s.inTx || !a.local) // SET LOCAL outside a transaction does nothing
	case notInspected:
		s.needsTimeout()
		s.report(NotInspected, "")
	case harmless:
	}
}

// ifExisting reports r with why when table holds rows.
func (s *state) ifExisting(table string, r Rule, why string) {
	if s.existing(table) {
		s.report(r, why)
	}
}

func (s *state) createTable(a createTable) {
	s.needsTimeout() // a foreign key of the new table locks the table it references
	s.newTables[a.table] = true
	s.columns[a.table] = map[string]sqlType{}
	s.checks[a.table] = map[string]*check{}
	for _, c := range a.columns {
		s.columns[a.table][c.name] = c.typ
	}
	for _, c := range a.checks {
		s.recordCheck(a.table, c)
	}
}

func (s *state) createIndex(a createIndex) {
	if a.concurrently {
		s.needsTimeout()
		s.concurrently()
	} else {
		s.locks(a.table)
		s.ifExisting(a.table, IndexWithoutConcurrently, fmt.Sprintf("building index %q without CONCURRENTLY blocks every write to %q until the build ends", a.name, a.table))
	}
	if a.name != "" {
		s.indexes[a.name] = a.table
	}
}

// concurrently judges a CONCURRENTLY statement's transaction.
func (s *state) concurrently() {
	if s.inTx {
		s.report(ConcurrentlyInTransaction, "")
	}
}

func (s *state) dropIndex(a dropIndex) {
	s.needsTimeout()
	if a.concurrently {
		s.concurrently()
	}
	for _, name := range a.names {
		table, known := s.indexes[name]
		delete(s.indexes, name)
		if a.concurrently || known && !s.existing(table) {
			continue
		}
		s.locks(table)
		on := "its table"
		if known {
			on = fmt.Sprintf("%q", table)
		}
		s.report(IndexWithoutConcurrently, fmt.Sprintf("dropping index %q without CONCURRENTLY blocks reads and writes of %s while it waits and drops", name, on))
	}
}

func (s *state) dropTable(a dropTable) {
	for _, t := range a.tables {
		s.locks(t)
		s.ifExisting(t, DropTableOrColumn, fmt.Sprintf("dropping table %q breaks every replica still running code that uses it", t))
		delete(s.columns, t)
		delete(s.checks, t)
	}
}

func (s *state) renameTable(a renameTable) {
	s.locks(a.from)
	s.ifExisting(a.from, RenameTableOrColumn, fmt.Sprintf("renaming table %q to %q breaks every replica still running code that uses the old name", a.from, a.to))
	s.columns[a.to], s.checks[a.to] = s.columns[a.from], s.checks[a.from]
	delete(s.columns, a.from)
	delete(s.checks, a.from)
	s.newTables[a.to] = s.newTables[a.from]
	for i, t := range s.indexes {
		if t == a.from {
			s.indexes[i] = a.to
		}
	}
}

func (s *state) renameColumn(a renameColumn) {
	s.locks(a.table)
	s.ifExisting(a.table, RenameTableOrColumn, fmt.Sprintf("renaming column %q of %q to %q breaks every replica still running code that uses the old name", a.from, a.table, a.to))
	if cols := s.columns[a.table]; cols != nil {
		if t, ok := cols[a.from]; ok {
			cols[a.to] = t
			delete(cols, a.from)
		}
	}
}
