package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/matar-app/matardb/db/autogen"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/lint"
	"github.com/matar-app/matardb/db/lintrun"
	"github.com/matar-app/matardb/db/migrator"
)

var lintCommand = &command{
	name:    "lint",
	args:    "[--all | ID…] [--lock-timeout D] [--dir DIR]",
	summary: "check migrations for steps that block a busy PostgreSQL table",
	about: "Renders the migrations offline for PostgreSQL and judges them (rules MDB100-MDB113; see the\n" +
		"README). Default: the migrations the database of --database-url or DATABASE_URL has not\n" +
		"applied; when neither is set or the database cannot be read, every migration. ID… lints the\n" +
		"ones named, --all the whole history. A migration acknowledges a rule in its source with\n" +
		"//matardb:lint-ok RULE reason. Exit 0 when every finding is acknowledged or a warning (MDB113),\n" +
		"1 otherwise.",
	setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var o lintOptions
		urlFlag(fs, e)
		fs.BoolVar(&o.all, "all", false, "lint every migration of the history")
		fs.DurationVar(&o.lockTimeout, "lock-timeout", migrator.DefaultLockTimeout,
			"the lock_timeout upgrade runs the migrations with (`D`; 0 for none, which rule MDB111 reports)")
		dirFlag(fs, e, &o.dir)
		return func(ctx context.Context, args []string) error {
			switch {
			case o.all && len(args) > 0:
				return usagef("give --all or migration IDs, not both")
			case o.lockTimeout < 0:
				return usagef("--lock-timeout must not be negative")
			case o.dir == "":
				return usagef("--dir is empty")
			}
			o.ids = args
			return lintMigrations(ctx, e, &o)
		}
	},
}

// lintOptions are lint's flags and arguments.
type lintOptions struct {
	all         bool
	ids         []string
	lockTimeout time.Duration
	dir         string
}

// errLintFindings is what lint, check and the error line say when a rule
// is broken without an acknowledgement.
var errLintFindings = errors.New("migrations break lint rules they do not acknowledge")

// lintMigrations lints the migrations o selects and prints the findings.
func lintMigrations(ctx context.Context, e *env, o *lintOptions) error {
	h, err := e.project.history()
	if err != nil {
		return err
	}
	judged, pending, err := selectLinted(ctx, e, h, o)
	if err != nil {
		return err
	}
	findings, err := lintrun.Run(ctx, e.stdout, h.Migrations(), judged,
		lintrun.Options{Dir: o.dir, LockTimeout: o.lockTimeout, Together: pending})
	if err != nil {
		return err
	}
	return lintVerdict(findings, e.project.name())
}

// lintVerdict is the error of a run whose findings are not all acknowledged.
func lintVerdict(findings []lint.Finding, prog string) error {
	if lint.ExitCode(findings) == 0 {
		return nil
	}
	return fmt.Errorf("%w: use the safe form the findings name, or acknowledge a rule in the migration's source "+
		"with a reason (//matardb:lint-ok RULE reason) and run `%s hash`", errLintFindings, prog)
}

// selectLinted says which migrations lint judges: the named ones, all,
// or the pending ones of the database when one is given and readable
// (pending is then true: they run together on the next upgrade).
func selectLinted(ctx context.Context, e *env, h *history.History, o *lintOptions) (judged func(string) bool, pending bool, err error) {
	switch {
	case o.all:
		return lintrun.All, false, nil
	case len(o.ids) > 0:
		for _, id := range o.ids {
			if h.Get(id) == nil {
				return nil, false, fmt.Errorf("%w %q: it is not a migration ID of the history (see %s history)",
					migrator.ErrUnknownTarget, id, e.project.name())
			}
		}
		return lintrun.Only(o.ids...), false, nil
	case e.urlFlag == "" && e.getenv("DATABASE_URL") == "":
		return lintrun.All, false, nil
	}
	err = withMigrator(ctx, e, nil, func(m *migrator.Migrator) (err error) {
		judged, err = lintrun.Pending(ctx, m)
		return err
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: warning: %s; linting every migration\n", e.project.name(), scrub(err.Error(), e.databaseURL()))
		return lintrun.All, false, nil
	}
	return judged, true, nil
}

// lintForCheck lints the whole history for check: the report when a rule
// is broken without an acknowledgement (and the error), else one line.
func lintForCheck(ctx context.Context, e *env, h *history.History, dir string) error {
	ms, err := lintrun.Migrations(ctx, h.Migrations(), lintrun.All, lintrun.Options{Dir: dir, LockTimeout: migrator.DefaultLockTimeout})
	if err != nil {
		return err
	}
	findings := lint.Check(ms, lint.Options{})
	if lint.ExitCode(findings) == 0 {
		var warnings []lint.Finding
		for _, f := range findings {
			if f.Severity == lint.Warning && !f.Acknowledged() {
				warnings = append(warnings, f)
			}
		}
		if len(warnings) > 0 {
			if err := lint.WriteText(e.stdout, warnings); err != nil {
				return err
			}
		}
		if acked := len(findings) - len(warnings); acked > 0 {
			fmt.Fprintf(e.stdout, "OK: lint finds nothing unacknowledged (%d acknowledged findings; %s lint --all lists them)\n",
				acked, e.project.name())
		}
		return nil
	}
	if err := lint.WriteText(e.stdout, findings); err != nil {
		return err
	}
	return lintVerdict(findings, e.project.name())
}

// lintRevision lints the migration revision just wrote, after the
// history, and prints the findings: the safe plan should give none.
func lintRevision(ctx context.Context, e *env, h *history.History, dir string, w *autogen.RevisionResult) error {
	ms := append(h.Migrations(), lintrun.Generated(w.ID, w.Up, w.NoTransaction))
	fmt.Fprintf(e.stdout, "lint %s (PostgreSQL):\n", w.ID)
	_, err := lintrun.Run(ctx, e.stdout, ms, lintrun.Only(w.ID), lintrun.Options{Dir: dir, LockTimeout: migrator.DefaultLockTimeout})
	return err
}
