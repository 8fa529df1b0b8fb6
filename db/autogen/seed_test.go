package autogen

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// The seed's models as GORM structs, at the three Alembic revisions of the
// seed: 29edbf20051e (no organizations), 4640e9af0234 ("create organization
// table": the organization table, organization_id on category and post,
// roles on user) and 01ea0e75088a (organization_id on post_activity). Types
// are stated as Alembic's: sa.String() is varchar, sa.Integer() integer,
// sa.DateTime() timestamp, sa.JSON() json.

// Stamps are the created_at and updated_at columns every seed table ends with.
type Stamps struct {
	CreatedAt time.Time `gorm:"column:created_at;type:timestamp"`
	UpdatedAt time.Time `gorm:"column:updated_at;type:timestamp"`
}

// User29 is the user model at 29edbf20051e.
type User29 struct {
	ID       string `gorm:"column:_id;type:varchar;primaryKey"`
	Name     string `gorm:"column:name;type:varchar"`
	Phone    string `gorm:"column:phone;type:varchar"`
	Language string `gorm:"column:language;type:varchar"`
	IsActive bool   `gorm:"column:is_active;type:boolean"`
	Stamps
}

func (User29) TableName() string { return "user" }

// Category29 is the category model at 29edbf20051e.
type Category29 struct {
	ID        string `gorm:"column:_id;type:varchar;primaryKey"`
	Title     string `gorm:"column:title;type:varchar"`
	SortOrder int    `gorm:"column:sort_order;type:integer"`
	Stamps
}

func (Category29) TableName() string { return "category" }

// Post29 is the post model at 29edbf20051e.
type Post29 struct {
	ID         string      `gorm:"column:_id;type:varchar;primaryKey"`
	UserID     string      `gorm:"column:user_id;type:varchar;not null;index:ix_post_user_id"`
	User       *User29     `gorm:"foreignKey:UserID;constraint:post_user_id_fkey,"`
	CategoryID *string     `gorm:"column:category_id;type:varchar;index:ix_post_category_id"`
	Category   *Category29 `gorm:"foreignKey:CategoryID;constraint:post_category_id_fkey,"`
	Title      string      `gorm:"column:title;type:varchar"`
	MediaURL   string      `gorm:"column:media_url;type:varchar"`
	Duration   int         `gorm:"column:duration;type:integer"`
	Language   string      `gorm:"column:language;type:varchar"`
	Stamps
}

func (Post29) TableName() string { return "post" }

// PostActivity29 is the post_activity model at 29edbf20051e.
type PostActivity29 struct {
	ID           string  `gorm:"column:_id;type:varchar;primaryKey"`
	PostID       string  `gorm:"column:post_id;type:varchar;not null;index:ix_post_activity_post_id"`
	Post         *Post29 `gorm:"foreignKey:PostID;constraint:post_activity_post_id_fkey,OnDelete:CASCADE"`
	UserID       string  `gorm:"column:user_id;type:varchar;not null"`
	User         *User29 `gorm:"foreignKey:UserID;constraint:post_activity_user_id_fkey,"`
	ActivityType string  `gorm:"column:activity_type;type:varchar;not null"`
	Stamps
}

func (PostActivity29) TableName() string { return "post_activity" }

// Organization46 is the organization model at 4640e9af0234, as far as its migration created it.
type Organization46 struct {
	ID        string `gorm:"column:_id;type:varchar;primaryKey"`
	Title     string `gorm:"column:title;type:varchar"`
	SortOrder int    `gorm:"column:sort_order;type:integer"`
	Stamps
}

func (Organization46) TableName() string { return "organization" }

// User46 is the user model at 4640e9af0234: roles added.
type User46 struct {
	User29
	Roles []string `gorm:"column:roles;type:json;serializer:json"`
}

// Category46 is the category model at 4640e9af0234: organization_id added.
type Category46 struct {
	Category29
	OrganizationID *string `gorm:"column:organization_id;type:varchar"`
}

// Post46 is the post model at 4640e9af0234: organization_id added.
type Post46 struct {
	ID             string      `gorm:"column:_id;type:varchar;primaryKey"`
	UserID         string      `gorm:"column:user_id;type:varchar;not null;index:ix_post_user_id"`
	User           *User46     `gorm:"foreignKey:UserID;constraint:post_user_id_fkey,"`
	CategoryID     *string     `gorm:"column:category_id;type:varchar;index:ix_post_category_id"`
	Category       *Category46 `gorm:"foreignKey:CategoryID;constraint:post_category_id_fkey,"`
	Title          string      `gorm:"column:title;type:varchar"`
	MediaURL       string      `gorm:"column:media_url;type:varchar"`
	Duration       int         `gorm:"column:duration;type:integer"`
	Language       string      `gorm:"column:language;type:varchar"`
	OrganizationID *string     `gorm:"column:organization_id;type:varchar"`
	Stamps
}

func (Post46) TableName() string { return "post" }

// PostActivity46 is the post_activity model at 4640e9af0234, unchanged.
type PostActivity46 struct {
	ID           string  `gorm:"column:_id;type:varchar;primaryKey"`
	PostID       string  `gorm:"column:post_id;type:varchar;not null;index:ix_post_activity_post_id"`
	Post         *Post46 `gorm:"foreignKey:PostID;constraint:post_activity_post_id_fkey,OnDelete:CASCADE"`
	UserID       string  `gorm:"column:user_id;type:varchar;not null"`
	User         *User46 `gorm:"foreignKey:UserID;constraint:post_activity_user_id_fkey,"`
	ActivityType string  `gorm:"column:activity_type;type:varchar;not null"`
	Stamps
}

func (PostActivity46) TableName() string { return "post_activity" }

// PostActivity01 is the post_activity model at 01ea0e75088a: organization_id added.
type PostActivity01 struct {
	PostActivity46
	OrganizationID *string `gorm:"column:organization_id;type:varchar"`
}

func seedModels(t *testing.T, revision string) *schema.Schema {
	t.Helper()
	models := map[string][]any{
		"29edbf20051e": {&User29{}, &Category29{}, &Post29{}, &PostActivity29{}},
		"4640e9af0234": {&User46{}, &Category46{}, &Post46{}, &PostActivity46{}, &Organization46{}},
		"01ea0e75088a": {&User46{}, &Category46{}, &Post46{}, &PostActivity01{}, &Organization46{}},
	}[revision]
	parsed, err := gormschema.Read(&pgRead, models...)
	if err != nil {
		t.Fatalf("models at %s: %v", revision, err)
	}
	s := parsed.Schema
	return s
}

// seedInitialSchema is what Alembic's 29edbf20051e built, written out by
// hand from the database it made.
func seedInitialSchema(t *testing.T) *schema.Schema {
	return build(t,
		op.CreateTable("user",
			op.Col("_id", op.String).NotNull(), op.Col("name", op.String), op.Col("phone", op.String),
			op.Col("language", op.String), op.Col("is_active", op.Boolean),
			op.Col("created_at", op.Timestamp), op.Col("updated_at", op.Timestamp),
			op.PrimaryKey("_id"),
		),
		op.CreateTable("category",
			op.Col("_id", op.String).NotNull(), op.Col("title", op.String), op.Col("sort_order", op.Integer),
			op.Col("created_at", op.Timestamp), op.Col("updated_at", op.Timestamp),
			op.PrimaryKey("_id"),
		),
		op.CreateTable("post",
			op.Col("_id", op.String).NotNull(), op.Col("user_id", op.String).NotNull(),
			op.Col("category_id", op.String), op.Col("title", op.String), op.Col("media_url", op.String),
			op.Col("duration", op.Integer), op.Col("language", op.String),
			op.Col("created_at", op.Timestamp), op.Col("updated_at", op.Timestamp),
			op.PrimaryKey("_id"),
			op.ForeignKey("post_category_id_fkey", "category_id").References("category", "_id"),
			op.ForeignKey("post_user_id_fkey", "user_id").References("user", "_id"),
			op.Index("ix_post_category_id", "category_id"),
			op.Index("ix_post_user_id", "user_id"),
		),
		op.CreateTable("post_activity",
			op.Col("_id", op.String).NotNull(), op.Col("post_id", op.String).NotNull(),
			op.Col("user_id", op.String).NotNull(), op.Col("activity_type", op.String).NotNull(),
			op.Col("created_at", op.Timestamp), op.Col("updated_at", op.Timestamp),
			op.PrimaryKey("_id"),
			op.ForeignKey("post_activity_post_id_fkey", "post_id").References("post", "_id").OnDelete("CASCADE"),
			op.ForeignKey("post_activity_user_id_fkey", "user_id").References("user", "_id"),
			op.Index("ix_post_activity_post_id", "post_id"),
		),
	)
}

func TestSeedModelsAt29edbf20051eDescribeTheSchemaAlembicBuilt(t *testing.T) {
	if d := schemaDifference(seedModels(t, "29edbf20051e"), seedInitialSchema(t)); d != "" {
		t.Fatalf("the 29edbf20051e models differ from the schema Alembic built: %s", d)
	}
}

// seedStep is one of the seed's Alembic migrations: the operations of its
// upgrade() and downgrade(), in order.
type seedStep struct {
	from, to string
	up, down []string
}

var seedSteps = []seedStep{{
	from: "29edbf20051e", to: "4640e9af0234",
	up: []string{
		`op.CreateTable("organization",
op.Col("_id", op.String).NotNull(),
op.Col("title", op.String),
op.Col("sort_order", op.Integer),
op.Col("created_at", op.Timestamp),
op.Col("updated_at", op.Timestamp),
op.PrimaryKey("_id"),
)`,
		`op.AddColumn("category", op.Col("organization_id", op.String))`,
		`op.AddColumn("post", op.Col("organization_id", op.String))`,
		`op.AddColumn("user", op.Col("roles", op.JSON))`,
	},
	down: []string{
		`op.DropColumn("user", "roles")`,
		`op.DropColumn("post", "organization_id")`,
		`op.DropColumn("category", "organization_id")`,
		`op.DropTable("organization")`,
	},
}, {
	from: "4640e9af0234", to: "01ea0e75088a",
	up:   []string{`op.AddColumn("post_activity", op.Col("organization_id", op.String))`},
	down: []string{`op.DropColumn("post_activity", "organization_id")`},
}}

func TestDiffOfTheSeedModelsGivesTheSeedsAlembicMigrations(t *testing.T) {
	for _, step := range seedSteps {
		t.Run(step.to, func(t *testing.T) {
			p, err := Diff(seedModels(t, step.from), seedModels(t, step.to), Options{})
			if err != nil {
				t.Fatalf("Diff: %v", err)
			}
			if got := goStrings(p.Up); !slices.Equal(got, step.up) {
				t.Errorf("upgrade:\n%s\nwant the seed's:\n%s", strings.Join(got, "\n"), strings.Join(step.up, "\n"))
			}
			if got := goStrings(p.Down); !slices.Equal(got, step.down) {
				t.Errorf("downgrade:\n%s\nwant the seed's:\n%s", strings.Join(got, "\n"), strings.Join(step.down, "\n"))
			}
			if len(p.DataLoss) != 0 || len(p.Suggestions) != 0 {
				t.Errorf("DataLoss %q, Suggestions %q: want none", goStrings(p.DataLoss), p.Suggestions)
			}
		})
	}
}

func TestDiffAfterEachSeedMigrationFindsNothingLeft(t *testing.T) {
	for _, step := range seedSteps {
		from, to := seedModels(t, step.from), seedModels(t, step.to)
		p, err := Diff(from, to, Options{})
		if err != nil {
			t.Fatal(err)
		}
		again, err := Diff(mutate(t, from, p.Up...), to, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !again.Empty() {
			t.Errorf("%s: Diff after applying the plan found %q", step.to, goStrings(again.Up))
		}
	}
}
