package traffic

import (
	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// Tables are the operations of the migration that created the busy tables
// (an activity log: entries and their activity), which the changes find
// existing, with rows.
func Tables() []op.Op {
	return []op.Op{
		op.CreateTable("entry",
			op.Col("_id", op.String).NotNull(),
			op.Col("title", op.String),
			op.PrimaryKey("_id"),
		),
		op.CreateTable("entry_activity",
			op.Col("_id", op.String).NotNull(),
			op.Col("entry_id", op.String).NotNull(),
			op.Col("author_id", op.String).NotNull(),
			op.Col("activity_type", op.String).NotNull(),
			op.Col("team_id", op.String),
			op.Col("score", op.Integer),
			op.Col("created_at", op.Timestamp),
			op.PrimaryKey("_id"),
		),
	}
}

// Change is a change of the models of the busy tables, which the
// autogenerator turns into a migration.
type Change struct {
	Name string // names the case: "index", "foreign-key", …
	// Model says in words what changed in the model.
	Model string
	// Edit changes the schema the models describe.
	Edit func(s *schema.Schema)
	// Backfill gives new NOT NULL columns their value for existing rows,
	// and columns becoming NOT NULL theirs for the rows holding NULL.
	Backfill map[string]string
}

// Generated is what the autogenerator makes of a change.
type Generated struct {
	Before *schema.Schema // the schema the tables' migration builds
	Plain  *autogen.Plan
	Safe   *autogen.SafeForm
}

// Generate diffs the busy tables against the change's models, as
// revision --autogenerate does, and returns the plain and the safe form.
func Generate(c Change) (*Generated, error) {
	before := &schema.Schema{}
	for _, o := range Tables() {
		if err := o.Mutate(before); err != nil {
			return nil, err
		}
	}
	after := before.Clone()
	c.Edit(after)
	plan, err := autogen.Diff(before, after, autogen.Options{Backfill: c.Backfill})
	if err != nil {
		return nil, err
	}
	safe, err := autogen.Safe(before, plan)
	if err != nil {
		return nil, err
	}
	return &Generated{Before: before, Plain: plan, Safe: safe}, nil
}

func activity(s *schema.Schema) *schema.Table { return s.Table("entry_activity") }

// The changes the traffic test applies while the table is busy.
var (
	AddIndex = Change{Name: "index", Model: `EntryActivity.AuthorID and CreatedAt get gorm:"index:ix_activity_author"`,
		Edit: func(s *schema.Schema) {
			t := activity(s)
			t.Indexes = append(t.Indexes, &schema.Index{Name: "ix_activity_author", Columns: []string{"author_id", "created_at"}})
		}}
	AddForeignKey = Change{Name: "foreign-key", Model: `EntryActivity gets Entry Entry (a belongs-to on EntryID)`,
		Edit: func(s *schema.Schema) {
			t := activity(s)
			t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKey{Name: "fk_entry_activity_entry",
				Columns: []string{"entry_id"}, RefTable: "entry", RefColumns: []string{"_id"}})
		}}
	MakeNotNull = Change{Name: "not-null", Model: `EntryActivity.TeamID gets gorm:"not null"; rows holding NULL get ''`,
		Edit:     func(s *schema.Schema) { activity(s).Column("team_id").NotNull = true },
		Backfill: map[string]string{"entry_activity.team_id": `''`}}
)

// More changes, for the tests that check each rule's generated forms.
var (
	AddCheck = Change{Name: "check", Model: `EntryActivity.Score gets gorm:"check:score_positive,score > 0"`,
		Edit: func(s *schema.Schema) {
			t := activity(s)
			t.Checks = append(t.Checks, &schema.Check{Name: "score_positive", Expr: "score > 0"})
		}}
	AddUnique = Change{Name: "unique-constraint", Model: `EntryActivity.AuthorID and EntryID get a UNIQUE constraint`,
		Edit: func(s *schema.Schema) {
			t := activity(s)
			t.Indexes = append(t.Indexes, &schema.Index{Name: "uq_activity_author_entry",
				Columns: []string{"author_id", "entry_id"}, Unique: true, Constraint: true})
		}}
	AddFilledColumn = Change{Name: "backfill", Model: `EntryActivity gets Weight int gorm:"not null"; existing rows get length(activity_type)`,
		Edit:     func(s *schema.Schema) { addNotNull(s, "weight", op.Integer) },
		Backfill: map[string]string{"entry_activity.weight": `length("activity_type")`}}
	AddConstantColumn = Change{Name: "backfill-constant", Model: `EntryActivity gets Source string gorm:"not null"; existing rows get 'web'`,
		Edit:     func(s *schema.Schema) { addNotNull(s, "source", op.String) },
		Backfill: map[string]string{"entry_activity.source": `'web'`}}
	WidenScore = Change{Name: "type-rewrite", Model: `EntryActivity.Score becomes int64`,
		Edit: func(s *schema.Schema) { activity(s).Column("score").Type = op.BigInt }}
)

func addNotNull(s *schema.Schema, name string, t schema.Type) {
	a := activity(s)
	a.Columns = append(a.Columns, &schema.Column{Name: name, Type: t, NotNull: true})
}
