package lint

// An action is one thing a recognised statement does that a rule may
// judge. A statement is recognised as a list of actions (ALTER TABLE may
// carry several); one the recogniser does not understand is notInspected.
type action interface{ isAction() }

type (
	// createTable creates table, with the columns and checks it lists.
	createTable struct {
		table   string
		columns []column
		checks  []constraint
	}
	// createIndex builds an index on table.
	createIndex struct {
		name, table          string
		concurrently, unique bool
	}
	// dropIndex drops indexes by name.
	dropIndex struct {
		names        []string
		concurrently bool
	}
	dropTable   struct{ tables []string }
	renameTable struct{ from, to string }
	addColumn   struct {
		table string
		col   column
	}
	dropColumn   struct{ table, column string }
	renameColumn struct{ table, from, to string }
	// alterType changes a column's type; plainUsing is false when a USING
	// expression does more than cast the column itself.
	alterType struct {
		table, column string
		to            sqlType
		plainUsing    bool
	}
	setNotNull    struct{ table, column string }
	addConstraint struct {
		table string
		con   constraint
	}
	validateConstraint struct{ table, name string }
	dropConstraint     struct{ table, name string }
	// alterTableOther is an ALTER TABLE action that takes the table's lock
	// only briefly (DROP NOT NULL, SET/DROP DEFAULT, RENAME CONSTRAINT…).
	alterTableOther struct{ table string }
	// update changes rows of table.
	update struct{ table string }
	// setLockTimeout is SET [LOCAL] lock_timeout; on tells a positive value.
	setLockTimeout struct{ on, local bool }
	// harmless is a statement that takes no lasting lock on an existing
	// table: COMMENT, INSERT, SELECT, CREATE of a new sequence, type, view…
	harmless struct{}
	// notInspected is a statement the recogniser does not understand.
	notInspected struct{ why string }
)

// column is a column definition.
type column struct {
	name       string
	typ        sqlType
	notNull    bool
	hasDefault bool
	// rewrite names what makes adding the column rewrite the table (a
	// volatile default, serial, identity, a stored generated column);
	// empty when nothing does.
	rewrite string
	// inline lists the constraints the definition carries (UNIQUE, PRIMARY
	// KEY, REFERENCES, CHECK).
	inline []constraint
}

// constraint kinds.
const (
	conForeignKey = "FOREIGN KEY"
	conCheck      = "CHECK"
	conUnique     = "UNIQUE"
	conPrimaryKey = "PRIMARY KEY"
)

// constraint is a table constraint being added.
type constraint struct {
	name       string
	kind       string
	notValid   bool
	usingIndex bool
	// notNullOf is the column of a CHECK (col IS NOT NULL), else "".
	notNullOf string
}

func (createTable) isAction()        {}
func (createIndex) isAction()        {}
func (dropIndex) isAction()          {}
func (dropTable) isAction()          {}
func (renameTable) isAction()        {}
func (addColumn) isAction()          {}
func (dropColumn) isAction()         {}
func (renameColumn) isAction()       {}
func (alterType) isAction()          {}
func (setNotNull) isAction()         {}
func (addConstraint) isAction()      {}
func (validateConstraint) isAction() {}
func (dropConstraint) isAction()     {}
func (alterTableOther) isAction()    {}
func (update) isAction()             {}
func (setLockTimeout) isAction()     {}
func (harmless) isAction()           {}
func (notInspected) isAction()       {}
