package migrator

import (
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/internal/testdb"
)

// slowHistory is m01, a quick migration, then m02, which sleeps in
// PostgreSQL for sleep both ways.
func slowHistory(t *testing.T, sleep string) []Option {
	t.Helper()
	ms := tableChain(1)
	ms = append(ms, sqlMig("m02", "m01", "SELECT pg_sleep("+sleep+")", "SELECT pg_sleep("+sleep+")"))
	opts, _ := testOpts(mustHistory(t, ms...))
	return opts
}

// lineIndex returns the index of the first of lines matching pattern, -1 if none.
func lineIndex(lines []string, pattern string) int {
	re := regexp.MustCompile(pattern)
	for i, l := range lines {
		if re.MatchString(l) {
			return i
		}
	}
	return -1
}

// wantInOrder fails t unless each pattern matches a line after the previous one's.
func wantInOrder(t *testing.T, log string, patterns ...string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(log), "\n")
	rest := lines
	for _, p := range patterns {
		i := lineIndex(rest, p)
		if i < 0 {
			t.Fatalf("no line matching %q after the previous ones in:\n%s", p, log)
		}
		rest = rest[i+1:]
	}
}

// wantNoMoreLines waits a few progress intervals and fails t if log grew:
// the heartbeat of a finished migration must have stopped.
func wantNoMoreLines(t *testing.T, log *logBuffer, interval time.Duration) {
	t.Helper()
	before := log.String()
	time.Sleep(3 * interval)
	if after := log.String(); after != before {
		t.Fatalf("lines were logged after the run ended:\n%s", strings.TrimPrefix(after, before))
	}
}

func TestMigrateLogsEachMigrationStartingStillRunningAndFinished(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	const interval = 100 * time.Millisecond
	l, log := newLog()
	opts := append(slowHistory(t, "0.65"), WithLogger(l), WithProgressInterval(interval))
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	wantInOrder(t, log.String(),
		`level=INFO msg=migrating pending=2 from=base to=m02`,
		`level=INFO msg="applying migration" id=m01`,
		`level=INFO msg="applied migration" id=m01 .* duration=`,
		`level=INFO msg="applying migration" id=m02`,
		`level=INFO msg="migration still running" id=m02 .* elapsed=`,
		`level=INFO msg="migration still running" id=m02 .* elapsed=`,
		`level=INFO msg="migration still running" id=m02 .* elapsed=`,
		`level=INFO msg="applied migration" id=m02 .* duration=(0\.[6-9]|[1-9])`,
	)
	wantNoMoreLines(t, log, interval)
}

func TestRollbackLogsEachMigrationStartingStillRunningAndFinished(t *testing.T) {
	t.Parallel()
	gdb := testdb.Postgres(t)
	const interval = 100 * time.Millisecond
	opts := slowHistory(t, "0")
	if err := testMigrate(ctx, gdb, opts...); err != nil {
		t.Fatal(err)
	}
	l, log := newLog()
	opts = append(slowHistory(t, "0.45"), WithLogger(l), WithProgressInterval(interval))
	if err := testRollback(ctx, gdb, Base, opts...); err != nil {
		t.Fatal(err)
	}
	wantInOrder(t, log.String(),
		`level=INFO msg="rolling back" migrations=2 to=base`,
		`level=INFO msg="rolling back migration" id=m02`,
		`level=INFO msg="rollback still running" id=m02 .* elapsed=`,
		`level=INFO msg="rollback still running" id=m02 .* elapsed=`,
		`level=INFO msg="rolled back migration" id=m02 .* duration=`,
		`level=INFO msg="rolling back migration" id=m01`,
		`level=INFO msg="rolled back migration" id=m01 .* duration=`,
	)
	wantNoMoreLines(t, log, interval)
}

func TestWithProgressIntervalRefusesANonPositiveDuration(t *testing.T) {
	t.Parallel()
	gdb := testdb.SQLite(t)
	opts, _ := testOpts(mustHistory(t, tableChain(1)...), WithProgressInterval(0))
	err := testMigrate(ctx, gdb, opts...)
	if err == nil || !strings.Contains(err.Error(), "WithProgressInterval") {
		t.Fatalf("err = %v, want one naming WithProgressInterval", err)
	}
	wantTables(t, gdb, nil, []string{"migrations", "t01"})
}

// op.FillInBatches logs to the run's logger (WithLogger), which the
// migrator passes to the operations in the context, not slog's default.
func TestFillInBatchesLogsToTheRunsLogger(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		log := &logBuffer{}
		l := slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
		// f02 runs in a transaction, f03 outside one (NoTransaction).
		h := mustHistory(t,
			sqlMig("f01", "", `CREATE TABLE "t" ("id" integer PRIMARY KEY); INSERT INTO "t" VALUES (1), (2), (3)`, ""),
			history.Migration{ID: "f02", Parent: "f01", Message: "fill w", Migrate: func(tx *gorm.DB) error {
				return op.Apply(tx, op.AddColumn("t", op.Col("w", op.Integer)), op.FillInBatches("t", "w", `"id" * 10`))
			}},
			history.Migration{ID: "f03", Parent: "f02", Message: "fill v", NoTransaction: true, Migrate: func(tx *gorm.DB) error {
				return op.Apply(tx, op.AddColumn("t", op.Col("v", op.Integer)), op.FillInBatches("t", "v", `"id" + 1`))
			}},
		)
		if err := testMigrate(ctx, gdb, withHistory(h), WithLogger(l)); err != nil {
			t.Fatal(err)
		}
		wantInOrder(t, log.String(),
			`msg="applying migration" id=f02`,
			`level=DEBUG msg="filled column" table=t column=w rows=3`,
			`msg="applying migration" id=f03`,
			`level=DEBUG msg="filled column" table=t column=v rows=3`,
		)
	})
}
