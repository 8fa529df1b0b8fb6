package traffic_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/matar-app/matardb/db/lint"
	"github.com/matar-app/matardb/internal/testdb"
	"github.com/matar-app/matardb/internal/traffic"
)

// rows is how many activity rows the busy table holds: enough for a plain
// index build to take a measurable time on a small machine.
const rows = 300_000

// safeBound is the longest an insert may wait while a safe plan runs. An
// insert that no lock blocks takes a few milliseconds; the bound leaves room
// for a loaded machine and for the brief locks the safe plans do take.
const safeBound = 400 * time.Millisecond

// measurable is the least a naive plan must block for the test to show
// anything: far above an insert nothing blocks (a few milliseconds).
const measurable = 150 * time.Millisecond

// hold stands for the rest of a migration's transaction after a naive
// statement: its lock is held until the migration commits.
const hold = 1500 * time.Millisecond

// setup creates a busy table shaped like an activity log (its own model:
// authors, entries and their activity) and fills it with generate_series.
func setup(ctx context.Context, t *testing.T, conn *pgx.Conn) {
	t.Helper()
	for _, q := range setupSQL {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("set up the busy table: %v", err)
		}
	}
}

var setupSQL = []string{
	`CREATE TABLE entry ("_id" varchar PRIMARY KEY, title varchar)`,
	`INSERT INTO entry SELECT 'e' || g, 'entry ' || g FROM generate_series(0, 999) g`,
	`CREATE TABLE entry_activity (
			"_id" varchar PRIMARY KEY,
			entry_id varchar NOT NULL,
			author_id varchar NOT NULL,
			activity_type varchar NOT NULL,
			team_id varchar,
			created_at timestamp
		)`,
	fmt.Sprintf(`INSERT INTO entry_activity
			SELECT 'a' || g, 'e' || (g %% 1000), 'u' || (g::bigint * 7919 %% 50000), 'view', 't' || (g %% 10), now() - g * interval '1 second'
			FROM generate_series(1, %d) g`, rows),
	`ANALYZE entry_activity`,
}

// insert is the traffic: one activity row per call, as the application
// writes them, referencing an existing entry and filling team_id.
func insert(ctx context.Context, conn *pgx.Conn, n int) error {
	_, err := conn.Exec(ctx, `INSERT INTO entry_activity VALUES (gen_random_uuid()::text, $1, $2, 'like', 't1', now())`,
		fmt.Sprintf("e%d", n%1000), fmt.Sprintf("u%d", n))
	return err
}

// scenario is a schema change applied while the table is busy. Each leaves
// the table as it found it with undo, which runs with no traffic.
type scenario struct {
	name  string
	steps []traffic.Step
	undo  []string
	safe  bool
}

func tx(hold time.Duration, sql ...string) traffic.Step {
	return traffic.Step{SQL: sql, InTransaction: true, Hold: hold}
}

func alone(sql ...string) traffic.Step { return traffic.Step{SQL: sql} }

// The plans are SQL sequences for now, the forms a lock-safe migration
// takes on PostgreSQL; generated migrations will take their place.
var scenarios = []scenario{
	{name: "index/safe", safe: true,
		steps: []traffic.Step{alone(`CREATE INDEX CONCURRENTLY ix_activity_author ON entry_activity (author_id, created_at)`)},
		undo:  []string{`DROP INDEX ix_activity_author`}},
	{name: "index/naive",
		steps: []traffic.Step{tx(0, `CREATE INDEX ix_activity_author ON entry_activity (author_id, created_at)`)},
		undo:  []string{`DROP INDEX ix_activity_author`}},
	{name: "foreign-key/safe", safe: true,
		steps: []traffic.Step{
			tx(0, `ALTER TABLE entry_activity ADD CONSTRAINT fk_activity_entry FOREIGN KEY (entry_id) REFERENCES entry ("_id") NOT VALID`),
			tx(hold, `ALTER TABLE entry_activity VALIDATE CONSTRAINT fk_activity_entry`),
		},
		undo: []string{`ALTER TABLE entry_activity DROP CONSTRAINT fk_activity_entry`}},
	{name: "foreign-key/naive",
		steps: []traffic.Step{tx(hold, `ALTER TABLE entry_activity ADD CONSTRAINT fk_activity_entry FOREIGN KEY (entry_id) REFERENCES entry ("_id")`)},
		undo:  []string{`ALTER TABLE entry_activity DROP CONSTRAINT fk_activity_entry`}},
	{name: "not-null/safe", safe: true,
		steps: []traffic.Step{
			tx(0, `ALTER TABLE entry_activity ADD CONSTRAINT ck_team_not_null CHECK (team_id IS NOT NULL) NOT VALID`),
			tx(hold, `ALTER TABLE entry_activity VALIDATE CONSTRAINT ck_team_not_null`),
			tx(0, `ALTER TABLE entry_activity ALTER COLUMN team_id SET NOT NULL`,
				`ALTER TABLE entry_activity DROP CONSTRAINT ck_team_not_null`),
		},
		undo: []string{`ALTER TABLE entry_activity ALTER COLUMN team_id DROP NOT NULL`}},
	{name: "not-null/naive",
		steps: []traffic.Step{tx(hold, `ALTER TABLE entry_activity ALTER COLUMN team_id SET NOT NULL`)},
		undo:  []string{`ALTER TABLE entry_activity ALTER COLUMN team_id DROP NOT NULL`}},
}

// TestSafePlansDoNotBlockInserts applies each schema change while another
// connection keeps inserting: the safe plans never make an insert wait
// longer than safeBound, and the naive ones block inserts for about as long
// as they run (the index build, or the lock held until commit).
func TestSafePlansDoNotBlockInserts(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	url := testdb.PostgresURL(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `SET lock_timeout = '10s'`); err != nil {
		t.Fatal(err)
	}
	setup(ctx, t, conn)
	for _, s := range scenarios {
		took, w := applyUnderTraffic(ctx, t, url, conn, s)
		t.Logf("%-18s applied in %6v; %4d inserts in flight, longest waited %v", s.name, took.Round(time.Millisecond), w.Writes, w.MaxWait.Round(time.Millisecond))
		if s.safe && w.Writes < 10 || w.Writes == 0 { // a blocked writer makes one insert
			t.Errorf("%s: only %d inserts ran while it was applied: the measure says nothing", s.name, w.Writes)
		}
		switch {
		case s.safe && w.MaxWait > safeBound:
			t.Errorf("%s: an insert waited %v, more than %v", s.name, w.MaxWait, safeBound)
		case !s.safe && w.MaxWait < took*6/10:
			t.Errorf("%s: the longest insert waited %v of the %v it ran: the naive form should block for about all of it", s.name, w.MaxWait, took)
		case !s.safe && w.MaxWait < measurable:
			t.Errorf("%s: the longest insert waited %v, less than %v: the naive form was not measured blocking", s.name, w.MaxWait, measurable)
		}
		for _, q := range s.undo {
			if _, err := conn.Exec(ctx, q); err != nil {
				t.Fatalf("%s: undo: %v", s.name, err)
			}
		}
	}
}

// TestLintJudgesThePlansAsTheTrafficDoes: the linter passes the plans that
// kept the table writable and fails the ones that blocked it. The first
// step runs in the migration's transaction; the later ones, each a
// transaction of its own, are steps outside it.
func TestLintJudgesThePlansAsTheTrafficDoes(t *testing.T) {
	t.Parallel()
	history := lint.Migration{ID: "000000000001", Baseline: true}
	for _, q := range setupSQL {
		history.Statements = append(history.Statements, lint.Statement{SQL: q, InTransaction: true})
	}
	for _, s := range scenarios {
		m := lint.Migration{ID: "000000000002", LockTimeout: 10 * time.Second}
		for i, step := range s.steps {
			for _, q := range step.SQL {
				m.Statements = append(m.Statements, lint.Statement{SQL: q, InTransaction: step.InTransaction && i == 0})
			}
		}
		findings := lint.Check([]lint.Migration{history, m}, lint.Options{})
		if got, want := lint.ExitCode(findings) == 0, s.safe; got != want {
			t.Errorf("%s: lint passes = %v, want %v; findings: %+v", s.name, got, want, findings)
		}
	}
}

// applyUnderTraffic applies s while a writer inserts, and returns how long
// it took and what the inserts in flight meanwhile saw.
func applyUnderTraffic(ctx context.Context, t *testing.T, url string, conn *pgx.Conn, s scenario) (time.Duration, traffic.Window) {
	t.Helper()
	w, err := traffic.Start(ctx, url, traffic.Limits{MaxTime: 20 * time.Second}, insert)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the writer is up and inserting
	from := time.Now()
	took, err := traffic.Apply(ctx, conn, s.steps)
	to := time.Now()
	time.Sleep(100 * time.Millisecond) // the inserts it blocked finish
	writes, werr := w.Stop()
	if err != nil {
		t.Fatalf("%s: %v", s.name, err)
	}
	if werr != nil {
		t.Fatalf("%s: %v", s.name, werr)
	}
	return took, traffic.During(writes, from, to)
}
