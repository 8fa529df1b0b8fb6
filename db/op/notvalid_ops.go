package op

import (
	"fmt"
	"strconv"

	"github.com/matar-app/matardb/db/schema"
)

// AddForeignKeyNotValidOp adds a foreign key without checking the rows
// already in the table (ADD CONSTRAINT … NOT VALID on PostgreSQL), which
// takes its locks only for a moment; new rows are checked at once. A
// ValidateConstraint in a later step checks the old rows without blocking
// writes. SQLite has no NOT VALID and adds the key as AddForeignKey does.
type AddForeignKeyNotValidOp struct {
	Table      string
	ForeignKey schema.ForeignKey
}

// AddForeignKeyNotValid adds fk to table without validating existing rows:
// the safe form of AddForeignKey on a table with rows, followed by
// ValidateConstraint.
func AddForeignKeyNotValid(table string, fk ForeignKeyDef) AddForeignKeyNotValidOp {
	return AddForeignKeyNotValidOp{table, fk.fk}
}

func (o AddForeignKeyNotValidOp) plain() AddForeignKeyOp { return AddForeignKeyOp(o) }

// Mutate adds the foreign key to s.
func (o AddForeignKeyNotValidOp) Mutate(s *schema.Schema) error { return o.plain().Mutate(s) }

// Reverse drops the foreign key.
func (o AddForeignKeyNotValidOp) Reverse(before *schema.Schema) (Op, error) {
	return o.plain().Reverse(before)
}

// LosesData is false.
func (o AddForeignKeyNotValidOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o AddForeignKeyNotValidOp) GoString() string {
	return fmt.Sprintf("op.AddForeignKeyNotValid(%s, %s)", strconv.Quote(o.Table), ForeignKeyDef{o.ForeignKey}.GoString())
}

// String describes the operation for people, as the CLI lists it.
func (o AddForeignKeyNotValidOp) String() string { return o.plain().String() + " not valid" }

// AddCheckNotValidOp adds a check constraint without checking the rows
// already in the table (NOT VALID on PostgreSQL); see
// AddForeignKeyNotValidOp.
type AddCheckNotValidOp struct {
	Table string
	Check schema.Check
}

// AddCheckNotValid adds check to table without validating existing rows:
// the safe form of AddCheck on a table with rows, followed by
// ValidateConstraint.
func AddCheckNotValid(table string, check CheckDef) AddCheckNotValidOp {
	return AddCheckNotValidOp{table, check.check}
}

func (o AddCheckNotValidOp) plain() AddCheckOp { return AddCheckOp(o) }

// Mutate adds the check to s.
func (o AddCheckNotValidOp) Mutate(s *schema.Schema) error { return o.plain().Mutate(s) }

// Reverse drops the check.
func (o AddCheckNotValidOp) Reverse(before *schema.Schema) (Op, error) {
	return o.plain().Reverse(before)
}

// LosesData is false.
func (o AddCheckNotValidOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o AddCheckNotValidOp) GoString() string {
	return fmt.Sprintf("op.AddCheckNotValid(%s, %s)", strconv.Quote(o.Table), CheckDef{o.Check}.GoString())
}

// String describes the operation for people, as the CLI lists it.
func (o AddCheckNotValidOp) String() string { return o.plain().String() + " not valid" }

// ValidateConstraintOp checks the existing rows against a foreign key or
// check added NOT VALID (VALIDATE CONSTRAINT on PostgreSQL, which blocks no
// reads or writes while it scans). Run outside the transaction that added
// the constraint: a NoTransaction migration's Apply runs it on its own.
// On SQLite it does nothing: a check was checked when the table was
// rebuilt with it, and the migrator checks foreign keys (PRAGMA
// foreign_key_check) after each migration, before recording it.
type ValidateConstraintOp struct{ Table, Name string }

// ValidateConstraint validates the constraint called name on table.
func ValidateConstraint(table, name string) ValidateConstraintOp {
	return ValidateConstraintOp{table, name}
}

// Mutate checks that the constraint exists; the schema does not record
// whether a constraint is validated.
func (o ValidateConstraintOp) Mutate(s *schema.Schema) error {
	t, err := table(s, o.Table, "validate constraint on")
	if err != nil {
		return err
	}
	if t.ForeignKey(o.Name) == nil && t.Check(o.Name) == nil {
		return fmt.Errorf("validate constraint %q on %q: no foreign key or check of that name", o.Name, o.Table)
	}
	return nil
}

// Reverse is the operation itself: validating a constraint that holds
// changes nothing, so a rollback may run it again harmlessly. Generated
// rollbacks leave it out.
func (o ValidateConstraintOp) Reverse(*schema.Schema) (Op, error) { return o, nil }

// LosesData is false.
func (o ValidateConstraintOp) LosesData(*schema.Schema) bool { return false }

// GoString renders the operation as Go source.
func (o ValidateConstraintOp) GoString() string {
	return fmt.Sprintf("op.ValidateConstraint(%s, %s)", strconv.Quote(o.Table), strconv.Quote(o.Name))
}

// String describes the operation for people, as the CLI lists it.
func (o ValidateConstraintOp) String() string {
	return fmt.Sprintf("validate constraint %q on %q", o.Name, o.Table)
}

// NotNullCheckName is the name of the check (col IS NOT NULL) through
// which a safe plan makes a column NOT NULL without a scan under lock.
func NotNullCheckName(table, column string) string {
	return table + "_" + column + "_not_null"
}

// NotNullCheck is the check constraint "column" IS NOT NULL, named by
// NotNullCheckName.
func NotNullCheck(table, column string) CheckDef {
	return Check(NotNullCheckName(table, column), quote(column)+" IS NOT NULL")
}
