package lint

import (
	"reflect"
	"testing"
	"time"
)

func TestLexSplitsStatementsOutsideStringsAndComments(t *testing.T) {
	t.Parallel()
	sql := `/* a /* nested */ comment; */ UPDATE "a;b" SET c = E'it\'s;' -- x; y
	; SELECT $tag$ ; $tag$;; SELECT 1`
	got := lex(sql)
	var texts []string
	for _, s := range got {
		texts = append(texts, s.text)
	}
	want := []string{`UPDATE "a;b" SET c = E'it\'s;' -- x; y`, `SELECT $tag$ ; $tag$`, `SELECT 1`}
	if !reflect.DeepEqual(texts, want) {
		t.Fatalf("statements = %q, want %q", texts, want)
	}
	if tk := got[0].toks[1]; tk.kind != tokQuoted || tk.text != "a;b" {
		t.Errorf("quoted identifier = %+v", tk)
	}
	if tk := got[0].toks[5]; tk.kind != tokString || tk.text != "it's;" {
		t.Errorf("escape string = %+v", tk)
	}
}

func TestRewritesOnlyForChangesThatAreNotBinaryCoercible(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		from, to string
		rewrite  bool
	}{
		{"character varying(40)", "character varying(80)", false},
		{"varchar(40)", "varchar", false},
		{"character varying(40)", "text", false},
		{"text", "character varying", false},
		{"numeric(10,2)", "numeric(14,2)", false},
		{"numeric(10,2)", "numeric", false},
		{"cidr", "inet", false},
		{"timestamp without time zone", "timestamp", false},
		{"int4", "integer", false},
		{"character varying(40)", "character varying(20)", true},
		{"text", "character varying(20)", true},
		{"numeric(10,2)", "numeric(14,4)", true},
		{"numeric(10,2)", "numeric(8,2)", true},
		{"integer", "bigint", true},
		{"timestamp", "timestamp with time zone", true},
		{"json", "jsonb", true},
		{"text", "text[]", true},
	} {
		from, to := parseType(lex(c.from)[0].toks), parseType(lex(c.to)[0].toks)
		if got := rewrites(from, to); got != c.rewrite {
			t.Errorf("%s -> %s: rewrites = %v, want %v", c.from, c.to, got, c.rewrite)
		}
	}
}

func TestVolatileDefaultKnowsStableFunctionsAndCasts(t *testing.T) {
	t.Parallel()
	for expr, volatile := range map[string]bool{
		`'free'::character varying(20)`: false,
		`now()`:                         false,
		`CURRENT_TIMESTAMP`:             false,
		`0`:                             false,
		`'{}'::jsonb`:                   false,
		`(1.5)::numeric(10,2)`:          false,
		`random()`:                      true,
		`clock_timestamp()`:             true,
		`gen_random_uuid()`:             true,
		`nextval('s'::regclass)`:        true,
		`my_function()`:                 true,
	} {
		if got := volatileDefault(lex(expr)[0].toks) != ""; got != volatile {
			t.Errorf("DEFAULT %s: volatile = %v, want %v", expr, got, volatile)
		}
	}
}

// TestRecogniseReadsHandWrittenShapes guards shapes op does not render but
// people write: they are read, not reported as not inspected.
func TestRecogniseReadsHandWrittenShapes(t *testing.T) {
	t.Parallel()
	for sql, want := range map[string]action{
		`alter table only public.visit add column if not exists n int references account (_id) on delete set null not null`: addColumn{"visit", column{
			name: "n", typ: sqlType{name: "integer"}, notNull: true, inline: []constraint{{kind: conForeignKey}}}},
		`ALTER TABLE visit ALTER kind SET DATA TYPE text USING kind`:   alterType{"visit", "kind", sqlType{name: "text"}, true},
		`ALTER TABLE visit ALTER kind TYPE integer USING length(kind)`: alterType{"visit", "kind", sqlType{name: "integer"}, false},
		`ALTER TABLE visit ADD PRIMARY KEY USING INDEX visit_uq`:       addConstraint{"visit", constraint{kind: conPrimaryKey, usingIndex: true}},
		`ALTER TABLE visit ADD CONSTRAINT c CHECK ((kind IS NOT NULL)) NOT VALID`: addConstraint{"visit", constraint{
			name: "c", kind: conCheck, notValid: true, notNullOf: "kind"}},
		`DROP INDEX CONCURRENTLY IF EXISTS a, public.b CASCADE`: dropIndex{[]string{"a", "b"}, true},
		`CREATE INDEX CONCURRENTLY ON visit USING gin (kind)`:   createIndex{table: "visit", concurrently: true},
		`SET LOCAL lock_timeout TO '3s'`:                        setLockTimeout{on: true, local: true},
		`SET lock_timeout = 0`:                                  setLockTimeout{},
		`CREATE OR REPLACE VIEW v AS SELECT 1`:                  harmless{},
	} {
		got := recognise(lex(sql)[0].toks)
		if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
			t.Errorf("%s:\n got %#v\nwant %#v", sql, got, want)
		}
	}
}

// TestCheckFromCreateTableLetsSetNotNullSkipTheScan: a validated CHECK
// (col IS NOT NULL) made with the table is as good as one validated later.
func TestCheckFromCreateTableLetsSetNotNullSkipTheScan(t *testing.T) {
	t.Parallel()
	history := Migration{ID: "a", Baseline: true, Statements: inTx(
		`CREATE TABLE "t" ("c" integer, CONSTRAINT "t_c_nn" CHECK ("c" IS NOT NULL))`)}
	m := Migration{ID: "b", LockTimeout: time.Second, Statements: inTx(`ALTER TABLE "t" ALTER COLUMN "c" SET NOT NULL`)}
	if f := Check([]Migration{history, m}, Options{}); len(f) != 0 {
		t.Errorf("findings = %+v, want none", f)
	}
}
