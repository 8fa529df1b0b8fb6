package inspect_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// featureDDL is valid on both dialects and covers every feature inspect
// reads. The primary key of membership lists its columns in another order
// than the table does, to show key order is kept.
var featureDDL = []string{
	`CREATE TABLE "user" (
		_id varchar NOT NULL,
		name varchar(20) NOT NULL DEFAULT 'anon',
		is_active boolean DEFAULT true,
		max_post_duration integer DEFAULT 15,
		balance numeric(10,2),
		created_at timestamp DEFAULT CURRENT_TIMESTAMP,
		settings json,
		CONSTRAINT user_pkey PRIMARY KEY (_id),
		CONSTRAINT user_duration_positive CHECK (max_post_duration > 0)
	)`,
	`CREATE TABLE membership (
		user_id varchar NOT NULL,
		organization_id varchar NOT NULL,
		role varchar(16) DEFAULT 'member',
		inviter_id varchar,
		note text,
		CONSTRAINT membership_pkey PRIMARY KEY (organization_id, user_id),
		CONSTRAINT membership_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (_id) ON DELETE CASCADE,
		CONSTRAINT membership_inviter_fk FOREIGN KEY (inviter_id) REFERENCES "user" (_id)
			ON DELETE SET NULL ON UPDATE CASCADE
	)`,
	`CREATE UNIQUE INDEX membership_user_role_idx ON membership (user_id, role)`,
	`CREATE INDEX membership_org_inviter_idx ON membership (organization_id, inviter_id)`,
	`CREATE TABLE grant_log (
		id bigint PRIMARY KEY,
		organization_id varchar NOT NULL,
		user_id varchar NOT NULL,
		CONSTRAINT grant_log_membership_fk FOREIGN KEY (organization_id, user_id)
			REFERENCES membership (organization_id, user_id)
	)`,
}

func featureSchema(comment string) *schema.Schema {
	str := schema.Type{Kind: schema.KindString}
	return &schema.Schema{Tables: []*schema.Table{
		{
			Name: "grant_log",
			Columns: []*schema.Column{
				{Name: "id", Type: schema.Type{Kind: schema.KindBigInt}, NotNull: true},
				{Name: "organization_id", Type: str, NotNull: true},
				{Name: "user_id", Type: str, NotNull: true},
			},
			PrimaryKey: []string{"id"},
			ForeignKeys: []*schema.ForeignKey{{
				Name: "grant_log_membership_fk", Columns: []string{"organization_id", "user_id"},
				RefTable: "membership", RefColumns: []string{"organization_id", "user_id"},
			}},
		},
		{
			Name: "membership",
			Columns: []*schema.Column{
				{Name: "user_id", Type: str, NotNull: true},
				{Name: "organization_id", Type: str, NotNull: true},
				{Name: "role", Type: schema.Type{Kind: schema.KindString, Size: 16}, Default: "'member'"},
				{Name: "inviter_id", Type: str},
				{Name: "note", Type: schema.Type{Kind: schema.KindText}},
			},
			PrimaryKey: []string{"organization_id", "user_id"},
			Indexes: []*schema.Index{
				{Name: "membership_org_inviter_idx", Columns: []string{"organization_id", "inviter_id"}},
				{Name: "membership_user_role_idx", Columns: []string{"user_id", "role"}, Unique: true},
			},
			ForeignKeys: []*schema.ForeignKey{
				{
					Name: "membership_inviter_fk", Columns: []string{"inviter_id"},
					RefTable: "user", RefColumns: []string{"_id"}, OnDelete: "SET NULL", OnUpdate: "CASCADE",
				},
				{
					Name: "membership_user_id_fkey", Columns: []string{"user_id"},
					RefTable: "user", RefColumns: []string{"_id"}, OnDelete: "CASCADE",
				},
			},
		},
		{
			Name: "user",
			Columns: []*schema.Column{
				{Name: "_id", Type: str, NotNull: true},
				{Name: "name", Type: schema.Type{Kind: schema.KindString, Size: 20}, NotNull: true, Default: "'anon'", Comment: comment},
				{Name: "is_active", Type: schema.Type{Kind: schema.KindBoolean}, Default: "true"},
				{Name: "max_post_duration", Type: schema.Type{Kind: schema.KindInteger}, Default: "15"},
				{Name: "balance", Type: schema.Type{Kind: schema.KindNumeric, Precision: 10, Scale: 2}},
				{Name: "created_at", Type: schema.Type{Kind: schema.KindTimestamp}, Default: "CURRENT_TIMESTAMP"},
				{Name: "settings", Type: schema.Type{Kind: schema.KindJSON}},
			},
			PrimaryKey: []string{"_id"},
			Checks:     []*schema.Check{{Name: "user_duration_positive", Expr: "max_post_duration > 0"}},
		},
	}}
}

func TestSchemaReadsEveryFeature(t *testing.T) {
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		exec(t, gdb, featureDDL...)
		comment := ""
		if gdb.Dialector.Name() == "postgres" {
			exec(t, gdb, `COMMENT ON COLUMN "user".name IS 'shown to other users'`)
			comment = "shown to other users"
		}
		assertSchema(t, read(t, gdb), featureSchema(comment))
	})
}

func TestSchemaNamesUnnamedConstraintsAsPostgresDoes(t *testing.T) {
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		exec(t, gdb,
			`CREATE TABLE author (
				id integer PRIMARY KEY,
				rank integer CHECK (rank >= 0) CONSTRAINT rank_small CHECK (rank < 100),
				lo integer,
				hi integer,
				CHECK (lo <= hi),
				CHECK (lo > 0),
				CHECK ((lo < 1000))
			)`,
			`CREATE UNIQUE INDEX author_lo_hi_idx ON author (lo, hi)`,
			`CREATE TABLE book (
				id integer PRIMARY KEY,
				author_id integer REFERENCES author (id) ON DELETE CASCADE,
				editor_id integer,
				lo integer,
				hi integer,
				FOREIGN KEY (editor_id) REFERENCES author (id) ON DELETE SET NULL,
				FOREIGN KEY (lo, hi) REFERENCES author (lo, hi),
				CONSTRAINT "book ""odd"" (name)" FOREIGN KEY (hi) REFERENCES author (id)
			)`,
		)
		s := read(t, gdb)
		assertChecks(t, s.Table("author").Checks, []*schema.Check{
			{Name: "author_check", Expr: "lo <= hi"},
			{Name: "author_lo_check", Expr: "lo > 0"},
			{Name: "author_lo_check1", Expr: "lo < 1000"},
			{Name: "author_rank_check", Expr: "rank >= 0"},
			{Name: "rank_small", Expr: "rank < 100"},
		})
		assertJSON(t, "foreign keys of book", s.Table("book").ForeignKeys, []*schema.ForeignKey{
			{Name: "book \"odd\" (name)", Columns: []string{"hi"}, RefTable: "author", RefColumns: []string{"id"}},
			{Name: "book_author_id_fkey", Columns: []string{"author_id"}, RefTable: "author", RefColumns: []string{"id"}, OnDelete: "CASCADE"},
			{Name: "book_editor_id_fkey", Columns: []string{"editor_id"}, RefTable: "author", RefColumns: []string{"id"}, OnDelete: "SET NULL"},
			{Name: "book_lo_hi_fkey", Columns: []string{"lo", "hi"}, RefTable: "author", RefColumns: []string{"lo", "hi"}},
		})
	})
}

func TestSchemaLeavesOutBookkeepingTables(t *testing.T) {
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		exec(t, gdb,
			`CREATE TABLE migrations (id varchar(255) PRIMARY KEY)`,
			`CREATE TABLE alembic_version (version_num varchar(32) NOT NULL)`,
			`CREATE TABLE _matardb_lock (id integer PRIMARY KEY)`,
			`CREATE TABLE post (id integer PRIMARY KEY, migration_id varchar(255) REFERENCES migrations (id))`,
		)
		if gdb.Dialector.Name() == "sqlite" {
			exec(t, gdb, `CREATE TABLE counter (id integer PRIMARY KEY AUTOINCREMENT)`, `INSERT INTO counter DEFAULT VALUES`)
		}
		s := read(t, gdb)
		want := []string{"post"}
		if gdb.Dialector.Name() == "sqlite" {
			want = []string{"counter", "post"}
		}
		if got := s.TableNames(); !reflect.DeepEqual(got, want) {
			t.Errorf("tables = %q, want %q", got, want)
		}
	})
}

func TestSchemaOfEmptyDatabaseIsEmpty(t *testing.T) {
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		if s := read(t, gdb); len(s.Tables) != 0 {
			t.Errorf("tables = %q, want none", s.TableNames())
		}
	})
}

func TestSchemaSeesUncommittedTablesInsideATransaction(t *testing.T) {
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		err := gdb.Transaction(func(tx *gorm.DB) error {
			exec(t, tx, `CREATE TABLE post (id integer PRIMARY KEY, title varchar(80))`)
			s, err := inspect.Schema(context.Background(), tx)
			if err != nil {
				return err
			}
			if got := s.TableNames(); !reflect.DeepEqual(got, []string{"post"}) {
				t.Errorf("tables inside the transaction = %q, want [post]", got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestSchemaReadsExpressionPartialDescendingAndCollatedIndexes(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		t.Parallel()
		collation := map[string]string{"postgres": `"C"`, "sqlite": "NOCASE"}[gdb.Dialector.Name()]
		exec(t, gdb,
			`CREATE TABLE post (id integer PRIMARY KEY, title varchar(80), rank integer)`,
			`CREATE INDEX post_lower_title_idx ON post (lower(title))`,
			`CREATE INDEX post_ranked_idx ON post (rank DESC, title COLLATE `+collation+`) WHERE rank > 0`,
			`CREATE INDEX post_rank_idx ON post (rank)`,
		)
		want := map[string][]*schema.Index{
			"postgres": {
				{Name: "post_lower_title_idx", Columns: []string{""}, Parts: []schema.IndexPart{{Expression: "lower(title::text)"}}},
				{Name: "post_rank_idx", Columns: []string{"rank"}},
				{Name: "post_ranked_idx", Columns: []string{"rank", "title"}, Where: "rank > 0",
					Parts: []schema.IndexPart{{Desc: true}, {Collate: "C"}}},
			},
			"sqlite": {
				{Name: "post_lower_title_idx", Columns: []string{""}, Parts: []schema.IndexPart{{Expression: "lower(title)"}}},
				{Name: "post_rank_idx", Columns: []string{"rank"}},
				{Name: "post_ranked_idx", Columns: []string{"rank", "title"}, Where: "rank > 0",
					Parts: []schema.IndexPart{{Desc: true}, {Collate: "NOCASE"}}},
			},
		}[gdb.Dialector.Name()]
		assertJSON(t, "indexes of post", read(t, gdb).Table("post").Indexes, want)
	})
}

func TestSchemaKeepsTypesItHasNoKindForVerbatim(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		t.Parallel()
		exec(t, gdb, `CREATE TABLE post (id integer PRIMARY KEY, code char(2), at timestamp(3), tags integer[])`)
		want := map[string][]schema.Type{
			"postgres": {
				{Kind: schema.KindInteger},
				{Kind: schema.KindRaw, Raw: "character(2)"},
				{Kind: schema.KindTimestamp, Precision: 3},
				{Kind: schema.KindRaw, Raw: "integer[]"},
			},
			"sqlite": {
				{Kind: schema.KindInteger},
				{Kind: schema.KindRaw, Raw: "char(2)"},
				{Kind: schema.KindTimestamp, Precision: 3},
				{Kind: schema.KindRaw, Raw: "integer[]"},
			},
		}[gdb.Dialector.Name()]
		var got []schema.Type
		for _, c := range read(t, gdb).Table("post").Columns {
			got = append(got, c.Type)
		}
		assertJSON(t, "types of post", got, want)
	})
}

func TestIsBookkeeping(t *testing.T) {
	for name, want := range map[string]bool{
		"migrations": true, "alembic_version": true, "sqlite_sequence": true, "_matardb_lock": true,
		"user": false, "migration": false, "matardb_x": false, "post_migrations": false,
	} {
		if got := inspect.IsBookkeeping(name); got != want {
			t.Errorf("IsBookkeeping(%q) = %v, want %v", name, got, want)
		}
	}
}

func exec(t testing.TB, gdb *gorm.DB, statements ...string) {
	t.Helper()
	for _, s := range statements {
		if err := gdb.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func read(t testing.TB, gdb *gorm.DB) *schema.Schema {
	t.Helper()
	s, err := inspect.Schema(context.Background(), gdb)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func assertSchema(t *testing.T, got, want *schema.Schema) {
	t.Helper()
	assertJSON(t, "schema", got, want)
}

func assertChecks(t *testing.T, got, want []*schema.Check) {
	t.Helper()
	assertJSON(t, "checks", got, want)
}

// assertJSON compares got and want field for field (nil and empty slices
// differ) and shows both as JSON when they differ.
func assertJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	t.Errorf("%s differs\ngot:\n%s\nwant:\n%s", what, g, w)
}

// createTables creates tables t0…t<n-1> (those not yet there), each with a
// foreign key to the one before, an index and a check.
func createTables(t testing.TB, gdb *gorm.DB, n int) {
	t.Helper()
	for i := range n {
		ref := ""
		if i > 0 {
			ref = fmt.Sprintf(", parent_id integer REFERENCES t%d (id) ON DELETE CASCADE", i-1)
		}
		exec(t, gdb,
			fmt.Sprintf(`CREATE TABLE IF NOT EXISTS t%d (id integer PRIMARY KEY, title varchar(40) DEFAULT 'x', rank integer CHECK (rank > 0)%s)`, i, ref),
			fmt.Sprintf(`CREATE INDEX IF NOT EXISTS t%d_title_idx ON t%d (title, rank)`, i, i),
		)
	}
}

// countQueries runs Schema and returns how many statements it sent.
func countQueries(t testing.TB, gdb *gorm.DB) int64 {
	t.Helper()
	l := &countingLogger{Interface: logger.Discard}
	if _, err := inspect.Schema(context.Background(), gdb.Session(&gorm.Session{Logger: l})); err != nil {
		t.Fatal(err)
	}
	return l.n.Load()
}

// countingLogger counts the statements GORM traces.
type countingLogger struct {
	logger.Interface
	n atomic.Int64
}

func (l *countingLogger) LogMode(logger.LogLevel) logger.Interface { return l }

func (l *countingLogger) Trace(context.Context, time.Time, func() (string, int64), error) { l.n.Add(1) }
