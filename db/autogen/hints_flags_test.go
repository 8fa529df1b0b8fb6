package autogen

import (
	"errors"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/schema"
)

type person struct {
	ID   string `gorm:"column:_id;primaryKey"`
	Nick *string
	Age  *int
}

func (person) TableName() string { return "person" }

type personNickRequired struct {
	ID   string `gorm:"column:_id;primaryKey"`
	Nick string `gorm:"not null"`
	Age  *int
}

func (personNickRequired) TableName() string { return "person" }

type personAgeRequired struct {
	ID   string `gorm:"column:_id;primaryKey"`
	Nick *string
	Age  int `gorm:"not null"`
}

func (personAgeRequired) TableName() string { return "person" }

// Finding 5: --default and --rename hints that matched nothing, and
// --default on a column becoming NOT NULL, were silently ignored; the
// prompt took "abc def" for an integer.
func TestHintsThatMatchNothingAreErrors(t *testing.T) {
	e := seededEnv(t, &person{})
	_, err := e.revision(RevisionRequest{Message: "x", Autogenerate: true, Models: []any{&personNickRequired{}},
		Defaults: map[string]string{"person.nick": "'anonymous'", "person.nosuch": "1"}})
	if !errors.Is(err, ErrUnusedHint) || !strings.Contains(err.Error(), "person.nosuch") {
		t.Fatalf("a default for no column: err = %v, want ErrUnusedHint naming person.nosuch", err)
	}
	_, err = e.revision(RevisionRequest{Message: "x", Autogenerate: true, Models: []any{&personNickRequired{}},
		Defaults: map[string]string{"person.nick": "'anonymous'"},
		Renames:  []Rename{{Table: "person", From: "nosuch", To: "foo"}}})
	if !errors.Is(err, ErrUnusedHint) || !strings.Contains(err.Error(), "person.nosuch=foo") {
		t.Fatalf("a rename of no column: err = %v, want ErrUnusedHint naming person.nosuch=foo", err)
	}
	// The safe form (the default) fills the NULLs in batches before the
	// NOT NULL check is validated; the plain form fills them as it tightens.
	res, err := e.revision(RevisionRequest{Message: "nick required", Autogenerate: true,
		Models: []any{&personNickRequired{}}, Defaults: map[string]string{"person.nick": "'anonymous'"}})
	if err != nil {
		t.Fatal(err)
	}
	src := e.read(res.Path)
	fill := strings.Index(src, `op.FillInBatches("person", "nick", "'anonymous'")`)
	if fill < 0 || fill > strings.Index(src, `op.ValidateConstraint("person", "person_nick_not_null")`) {
		t.Fatalf("the tightened column's safe form carries no backfill before its check is validated:\n%s", src)
	}
	plain := seededEnv(t, &person{})
	res, err = plain.revision(RevisionRequest{Message: "nick required", Autogenerate: true, NoSafePlans: true,
		Models: []any{&personNickRequired{}}, Defaults: map[string]string{"person.nick": "'anonymous'"}})
	if err != nil {
		t.Fatal(err)
	}
	if src := plain.read(res.Path); !strings.Contains(src, `.SetNotNull(true).Backfill("'anonymous'")`) {
		t.Fatalf("the tightened column carries no backfill:\n%s", src)
	}
}

func TestTighteningWithoutAValueAsksAndValidatesTheAnswer(t *testing.T) {
	e := seededEnv(t, &person{})
	_, err := e.revision(RevisionRequest{Message: "x", Autogenerate: true, Models: []any{&personAgeRequired{}}})
	var bf *BackfillError
	if !errors.As(err, &bf) || len(bf.Columns) != 1 || bf.Columns[0] != "person.age" {
		t.Fatalf("tightening with no value: err = %v, want a BackfillError for person.age", err)
	}
	ask := func(string) (string, error) { return "abc def", nil }
	_, err = e.revision(RevisionRequest{Message: "x", Autogenerate: true, Models: []any{&personAgeRequired{}}, AskBackfill: ask})
	if !errors.Is(err, ErrBadBackfill) || !strings.Contains(err.Error(), "whole number") {
		t.Fatalf("answering abc def for an integer: err = %v, want ErrBadBackfill", err)
	}
	ask = func(string) (string, error) { return "18", nil }
	if _, err := e.revision(RevisionRequest{Message: "x", Autogenerate: true, Models: []any{&personAgeRequired{}}, AskBackfill: ask}); err != nil {
		t.Fatal(err)
	}
}

func TestValidateBackfill(t *testing.T) {
	for _, c := range []struct {
		kind schema.Kind
		v    string
		ok   bool
	}{
		{schema.KindInteger, "42", true}, {schema.KindInteger, "abc def", false}, {schema.KindInteger, "-1", true},
		{schema.KindBoolean, "false", true}, {schema.KindBoolean, "no", false},
		{schema.KindText, "'it''s'", true}, {schema.KindText, "hello", false}, {schema.KindText, "lower('X')", true},
		{schema.KindTimestamp, "CURRENT_TIMESTAMP", true}, {schema.KindTimestamp, "'2020-01-01'", true},
		{schema.KindNumeric, "1.5", true}, {schema.KindString, "NULL", false}, {schema.KindString, "", false},
	} {
		err := ValidateBackfill(schema.Type{Kind: c.kind}, c.v)
		if (err == nil) != c.ok {
			t.Errorf("ValidateBackfill(%s, %q) = %v, want ok %v", c.kind, c.v, err, c.ok)
		}
	}
}
