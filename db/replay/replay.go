package replay

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// Step is one migration as the replay saw it.
type Step struct {
	ID string
	// Up and Down are the operations of package op that Migrate and
	// Rollback apply, in order; Down is nil for a migration without
	// Rollback.
	Up, Down []op.Op
	// Opaque says why the operations are not the migration's whole effect
	// ("raw SQL", "its Go code sends statements of its own", …); empty when
	// they are. DownOpaque says the same of Rollback.
	Opaque, DownOpaque string
	// After is the schema once the migration has run.
	After *schema.Schema
}

// Result is a replayed history.
type Result struct {
	// Steps has one entry per migration, in the history's order.
	Steps []Step
	// Schema is the schema the whole history builds (empty for none).
	Schema *schema.Schema
}

// Opaque lists the IDs of the migrations whose effect the replay cannot
// see whole, each with why: "ID (reason)".
func (r *Result) Opaque() []string {
	var out []string
	for _, s := range r.Steps {
		if s.Opaque != "" {
			out = append(out, fmt.Sprintf("%s (%s)", s.ID, s.Opaque))
		}
	}
	return out
}

// Run replays h: it records the operations of each migration's Migrate and
// Rollback and applies the Migrate ones to a schema in memory. It fails
// when a migration's operations do not apply to the schema the migrations
// before it build, naming the migration and the operation.
func Run(ctx context.Context, h *history.History) (*Result, error) {
	cur := &schema.Schema{}
	res := &Result{}
	for _, m := range h.Migrations() {
		s, err := step(ctx, m)
		if err != nil {
			return nil, err
		}
		for _, o := range s.Up {
			if err := o.Mutate(cur); err != nil {
				return nil, fmt.Errorf("migration %s: %s: %w", m.ID, o, err)
			}
		}
		s.After = cur.Clone()
		res.Steps = append(res.Steps, s)
	}
	cur.Sort()
	res.Schema = cur
	return res, nil
}

// step records what m's functions apply.
func step(ctx context.Context, m *history.Migration) (Step, error) {
	s := Step{ID: m.ID}
	up, why, err := capture(ctx, m.Migrate)
	if err != nil {
		return s, fmt.Errorf("replay migration %s: %w", m.ID, err)
	}
	s.Up, s.Opaque = up, why
	if m.Rollback != nil {
		down, why, err := capture(ctx, m.Rollback)
		if err != nil {
			return s, fmt.Errorf("replay the rollback of migration %s: %w", m.ID, err)
		}
		s.Down, s.DownOpaque = down, why
	}
	return s, nil
}

// capture runs fn on a connection to no database and returns the
// operations it applied, and why they are not its whole effect.
func capture(ctx context.Context, fn func(*gorm.DB) error) (ops []op.Op, opaque string, err error) {
	sent := 0
	gdb, err := open(func(string) { sent++ })
	if err != nil {
		return nil, "", err
	}
	ctx = op.Capture(ctx, func(o op.Op) { ops = append(ops, o) })
	ferr := run(gdb.WithContext(ctx), fn)
	switch {
	case ferr != nil:
		opaque = "its Go code failed without a database: " + ferr.Error()
	case sent > 0:
		opaque = "its Go code sends SQL of its own"
	case hasExecute(ops):
		opaque = "raw SQL (op.Execute)"
	}
	return ops, opaque, nil
}

// run calls fn, turning a panic into an error.
func run(tx *gorm.DB, fn func(*gorm.DB) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn(tx)
}

func hasExecute(ops []op.Op) bool {
	for _, o := range ops {
		if _, ok := o.(op.ExecuteOp); ok {
			return true
		}
	}
	return false
}
