package inspect_test

import (
	"context"
	"testing"

	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
)

func TestPostgresChecksReadBackAsPostgresNormalisesThem(t *testing.T) {
	gdb := testdb.Postgres(t)
	exec(t, gdb, `CREATE TABLE price (
		amount numeric(10,2) CONSTRAINT amount_positive CHECK (amount >= 0),
		currency varchar(3) CONSTRAINT known_currency CHECK (currency IN ('INR', 'USD')),
		active boolean CONSTRAINT active_only CHECK (active)
	)`)
	assertChecks(t, read(t, gdb).Table("price").Checks, []*schema.Check{
		{Name: "active_only", Expr: "active"},
		{Name: "amount_positive", Expr: "amount >= (0)::numeric"},
		{Name: "known_currency", Expr: "(currency)::text = ANY ((ARRAY['INR'::character varying, 'USD'::character varying])::text[])"},
	})
}

// TestPostgresCheckExpressionRoundTrips guards the stripping of the
// "CHECK (…)" wrapper and NOT VALID: adding the text read back gives the same
// text again. (Not every expression is a fixed point of PostgreSQL's
// normalisation: IN over a varchar column is not; see Schema.)
func TestPostgresCheckExpressionRoundTrips(t *testing.T) {
	gdb := testdb.Postgres(t)
	exec(t, gdb, `CREATE TABLE price (amount numeric(10,2), rank integer, currency varchar(3),
		CONSTRAINT sane CHECK (amount >= 0 AND rank BETWEEN 1 AND 5 AND currency <> 'XXX') NOT VALID)`)
	first := read(t, gdb).Table("price").Check("sane").Expr
	exec(t, gdb, `ALTER TABLE price DROP CONSTRAINT sane`,
		`ALTER TABLE price ADD CONSTRAINT sane CHECK (`+first+`)`)
	if again := read(t, gdb).Table("price").Check("sane").Expr; again != first {
		t.Errorf("check read back as %q, then as %q after re-adding it", first, again)
	}
}

func TestPostgresReadsOnlyTheCurrentSchema(t *testing.T) {
	gdb := testdb.Postgres(t)
	exec(t, gdb,
		`CREATE SCHEMA audit`,
		`CREATE TABLE audit.entry (id integer PRIMARY KEY)`,
		`CREATE TABLE post (id integer PRIMARY KEY)`,
		`CREATE VIEW post_view AS SELECT id FROM post`,
		`CREATE SEQUENCE post_seq`,
	)
	if got := read(t, gdb).TableNames(); len(got) != 1 || got[0] != "post" {
		t.Errorf("tables = %q, want [post]", got)
	}
}

func TestPostgresUniqueConstraintReadsAsConstraintIndexWithoutIncludedColumns(t *testing.T) {
	gdb := testdb.Postgres(t)
	exec(t, gdb,
		`CREATE TABLE category (id integer PRIMARY KEY, slug varchar(40) UNIQUE, title text, rank integer)`,
		`CREATE UNIQUE INDEX category_rank_idx ON category (rank) INCLUDE (title)`,
	)
	assertJSON(t, "indexes of category", read(t, gdb).Table("category").Indexes, []*schema.Index{
		{Name: "category_rank_idx", Columns: []string{"rank"}, Unique: true},
		{Name: "category_slug_key", Columns: []string{"slug"}, Unique: true, Constraint: true},
	})
}

func TestPostgresGeneratedColumnHasNoDefault(t *testing.T) {
	gdb := testdb.Postgres(t)
	exec(t, gdb, `CREATE TABLE post (id integer PRIMARY KEY, score integer DEFAULT 3, doubled integer GENERATED ALWAYS AS (score * 2) STORED)`)
	cols := read(t, gdb).Table("post").Columns
	if cols[1].Default != "3" || cols[2].Default != "" {
		t.Errorf("defaults of score, doubled = %q, %q; want \"3\", \"\"", cols[1].Default, cols[2].Default)
	}
}

// TestPostgresQueryCountIsConstant guards the runtime cost of Schema: it
// reads the catalog in three queries however many tables there are.
func TestPostgresQueryCountIsConstant(t *testing.T) {
	gdb := testdb.Postgres(t)
	createTables(t, gdb, 1)
	if n := countQueries(t, gdb); n != 3 {
		t.Errorf("Schema ran %d queries on 1 table, want 3", n)
	}
	createTables(t, gdb, 40)
	if n := countQueries(t, gdb); n != 3 {
		t.Errorf("Schema ran %d queries on 40 tables, want 3", n)
	}
}

// BenchmarkPostgresSchema measures Schema on 50 related tables; its query
// count is constant (see TestPostgresQueryCountIsConstant), so the time is
// dominated by the catalog's size, not by round trips.
func BenchmarkPostgresSchema(b *testing.B) {
	gdb := testdb.Postgres(b)
	createTables(b, gdb, 50)
	ctx := context.Background()
	for b.Loop() {
		if _, err := inspect.Schema(ctx, gdb); err != nil {
			b.Fatal(err)
		}
	}
}

// PostgreSQL keeps DEFAULT -1 on an integer column as '-1'::integer; the
// reader gives the number back as a migration wrote it.
func TestPostgresNegativeNumericDefaultsReadBackAsNumbers(t *testing.T) {
	gdb := testdb.Postgres(t)
	if err := gdb.Exec(`CREATE TABLE "t" ("a" integer DEFAULT -1, "b" numeric(8,2) DEFAULT -1.5, "c" varchar DEFAULT '-1')`).Error; err != nil {
		t.Fatal(err)
	}
	s, err := inspect.Schema(context.Background(), gdb)
	if err != nil {
		t.Fatal(err)
	}
	tbl := s.Table("t")
	for col, want := range map[string]string{"a": "-1", "b": "-1.5", "c": "'-1'"} {
		if got := tbl.Column(col).Default; got != want {
			t.Errorf("default of %s = %q, want %q", col, got, want)
		}
	}
}

func TestPostgresSerialAndIdentityColumnsAreAutoIncrementWithoutDefault(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	exec(t, gdb, `CREATE TABLE counter (id bigserial PRIMARY KEY, n integer GENERATED BY DEFAULT AS IDENTITY,
		m integer DEFAULT nextval('counter_id_seq'::regclass))`)
	cols := read(t, gdb).Table("counter").Columns
	assertJSON(t, "columns of counter", cols, []*schema.Column{
		{Name: "id", Type: schema.Type{Kind: schema.KindBigInt}, NotNull: true, AutoIncrement: true},
		{Name: "n", Type: schema.Type{Kind: schema.KindInteger}, NotNull: true, AutoIncrement: true},
		{Name: "m", Type: schema.Type{Kind: schema.KindInteger}, Default: "nextval('counter_id_seq'::regclass)"},
	})
}

// A bookkeeping table under another name than migrations owns matardb's
// digest marker by its id, which is no serial for it.
func TestPostgresADigestMarkerMakesNoColumnAutoIncrement(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	exec(t, gdb, `CREATE TABLE ledger (id varchar(255) PRIMARY KEY)`,
		`CREATE SEQUENCE matardb_digest_0123456789abcdef OWNED BY ledger.id`)
	assertJSON(t, "columns of ledger", read(t, gdb).Table("ledger").Columns, []*schema.Column{
		{Name: "id", Type: schema.Type{Kind: schema.KindString, Size: 255}, NotNull: true},
	})
}

func TestPostgresReadsIndexMethodOperatorClassAndConstraintFlag(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	exec(t, gdb,
		`CREATE TABLE doc (id integer PRIMARY KEY, tags text[], title varchar(80), body jsonb)`,
		`CREATE INDEX doc_tags_idx ON doc USING gin (tags)`,
		`CREATE INDEX doc_title_idx ON doc (title varchar_pattern_ops)`,
		`CREATE UNIQUE INDEX doc_body_idx ON doc USING btree (body)`,
		`ALTER TABLE doc ADD CONSTRAINT doc_title_key UNIQUE (title)`,
	)
	assertJSON(t, "indexes of doc", read(t, gdb).Table("doc").Indexes, []*schema.Index{
		{Name: "doc_body_idx", Columns: []string{"body"}, Unique: true},
		{Name: "doc_tags_idx", Columns: []string{"tags"}, Method: "gin"},
		{Name: "doc_title_idx", Columns: []string{"title"}, Parts: []schema.IndexPart{{Class: "varchar_pattern_ops"}}},
		{Name: "doc_title_key", Columns: []string{"title"}, Unique: true, Constraint: true},
	})
}
