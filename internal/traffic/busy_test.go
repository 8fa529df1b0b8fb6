package traffic_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/lint"
	"github.com/matar-app/matardb/db/lintrun"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/op"
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

// setup creates the busy tables as their migration does and fills them
// with generate_series.
func setup(ctx context.Context, t *testing.T, gdb *gorm.DB) {
	t.Helper()
	if err := op.Apply(gdb, traffic.Tables()...); err != nil {
		t.Fatalf("create the busy tables: %v", err)
	}
	for _, q := range fillSQL {
		if err := gdb.WithContext(ctx).Exec(q).Error; err != nil {
			t.Fatalf("fill the busy tables: %v", err)
		}
	}
}

var fillSQL = []string{
	`INSERT INTO entry SELECT 'e' || g, 'entry ' || g FROM generate_series(0, 999) g`,
	fmt.Sprintf(`INSERT INTO entry_activity
			SELECT 'a' || g, 'e' || (g %% 1000), 'u' || (g::bigint * 7919 %% 50000), 'view', 't' || (g %% 10), g %% 100, now() - g * interval '1 second'
			FROM generate_series(1, %d) g`, rows),
	`ANALYZE entry_activity`,
}

// insert is the traffic: one activity row per call, as the application
// writes them, referencing an existing entry and filling team_id.
func insert(ctx context.Context, conn *pgx.Conn, n int) error {
	_, err := conn.Exec(ctx, `INSERT INTO entry_activity VALUES (gen_random_uuid()::text, $1, $2, 'like', 't1', 1, now())`,
		fmt.Sprintf("e%d", n%1000), fmt.Sprintf("u%d", n))
	return err
}

// changes are the model changes the test generates migrations for.
var changes = []traffic.Change{traffic.AddIndex, traffic.AddForeignKey, traffic.MakeNotNull}

// form is one way of applying a generated migration: its safe form as a
// NoTransaction migration runs it (op.Apply outside a transaction), or its
// plain form inside the migration's transaction, held until the rest of
// the migration would commit.
type form struct {
	name string
	safe bool
}

var forms = []form{{"safe", true}, {"naive", false}}

// apply runs the form of gen's upgrade on gdb.
func (f form) apply(ctx context.Context, gdb *gorm.DB, gen *traffic.Generated) error {
	if f.safe {
		return op.Apply(gdb.WithContext(ctx), gen.Safe.Up...)
	}
	return gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := op.Apply(tx, gen.Plain.Up...); err != nil {
			return err
		}
		time.Sleep(hold)
		return nil
	})
}

// undo rolls the form back, with no traffic.
func (f form) undo(ctx context.Context, gdb *gorm.DB, gen *traffic.Generated) error {
	if f.safe {
		return op.Apply(gdb.WithContext(ctx), gen.Safe.Down...)
	}
	return gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return op.Apply(tx, gen.Plain.Down...) })
}

// TestSafePlansDoNotBlockInserts applies the migrations the autogenerator
// writes for each change while another connection keeps inserting: the
// safe form never makes an insert wait longer than safeBound, and the
// naive (plain) form blocks inserts for about as long as it runs (the index
// build, or the lock held until commit). It prints both figures.
func TestSafePlansDoNotBlockInserts(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	url := testdb.PostgresURL(t)
	gdb := session(ctx, t, url)
	setup(ctx, t, gdb)
	for _, c := range changes {
		gen, err := traffic.Generate(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range forms {
			name := c.Name + "/" + f.name
			took, w := applyUnderTraffic(ctx, t, url, name, func() error { return f.apply(ctx, gdb, gen) })
			t.Logf("%-18s applied in %6v; %4d inserts in flight, longest waited %v", name, took.Round(time.Millisecond), w.Writes, w.MaxWait.Round(time.Millisecond))
			judge(t, name, f.safe, took, w)
			if err := f.undo(ctx, gdb, gen); err != nil {
				t.Fatalf("%s: undo: %v", name, err)
			}
		}
	}
}

// judge checks what the inserts saw while a form was applied.
func judge(t *testing.T, name string, safe bool, took time.Duration, w traffic.Window) {
	t.Helper()
	// A blocked writer has one insert in flight; the safe forms take a
	// fraction of a second, in which a loaded machine makes only a few.
	if safe && w.Writes < 2 || w.Writes == 0 {
		t.Errorf("%s: only %d inserts ran while it was applied: the measure says nothing", name, w.Writes)
	}
	switch {
	case safe && w.MaxWait > safeBound:
		t.Errorf("%s: an insert waited %v, more than %v", name, w.MaxWait, safeBound)
	case !safe && w.MaxWait < took*6/10:
		t.Errorf("%s: the longest insert waited %v of the %v it ran: the naive form should block for about all of it", name, w.MaxWait, took)
	case !safe && w.MaxWait < measurable:
		t.Errorf("%s: the longest insert waited %v, less than %v: the naive form was not measured blocking", name, w.MaxWait, measurable)
	}
}

// session opens one pinned connection to url with matardb's default
// lock_timeout, as the migrator's session has.
func session(ctx context.Context, t *testing.T, url string) *gorm.DB {
	t.Helper()
	gdb, err := gorm.Open(postgres.Open(url), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB.Close() })
	sqlDB.SetMaxOpenConns(1)
	if err := gdb.WithContext(ctx).Exec(fmt.Sprintf("SET lock_timeout = '%dms'", migrator.DefaultLockTimeout.Milliseconds())).Error; err != nil {
		t.Fatal(err)
	}
	return gdb
}

// TestLintJudgesThePlansAsTheTrafficDoes: the linter passes the safe forms
// that kept the table writable and fails the plain ones that blocked it.
func TestLintJudgesThePlansAsTheTrafficDoes(t *testing.T) {
	t.Parallel()
	for _, c := range changes {
		gen, err := traffic.Generate(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range forms {
			up, noTx := gen.Plain.Up, false
			if f.safe {
				up, noTx = gen.Safe.Up, gen.Safe.NoTransaction
			}
			ms, err := lintrun.Migrations(context.Background(), []*history.Migration{
				lintrun.Generated("000000000001", traffic.Tables(), false), lintrun.Generated("000000000002", up, noTx),
			}, lintrun.Only("000000000002"), lintrun.Options{Dir: t.TempDir(), LockTimeout: migrator.DefaultLockTimeout})
			if err != nil {
				t.Fatal(err)
			}
			findings := lint.Check(ms, lint.Options{})
			if got := lint.ExitCode(findings) == 0; got != f.safe {
				t.Errorf("%s/%s: lint passes = %v, want %v; findings: %+v", c.Name, f.name, got, f.safe, findings)
			}
		}
	}
}

// applyUnderTraffic runs apply while a writer inserts, and returns how long
// it took and what the inserts in flight meanwhile saw.
func applyUnderTraffic(ctx context.Context, t *testing.T, url, name string, apply func() error) (time.Duration, traffic.Window) {
	t.Helper()
	w, err := traffic.Start(ctx, url, traffic.Limits{MaxTime: 20 * time.Second}, insert)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the writer is up and inserting
	from := time.Now()
	err = apply()
	to := time.Now()
	time.Sleep(100 * time.Millisecond) // the inserts it blocked finish
	writes, werr := w.Stop()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if werr != nil {
		t.Fatalf("%s: %v", name, werr)
	}
	return to.Sub(from), traffic.During(writes, from, to)
}
