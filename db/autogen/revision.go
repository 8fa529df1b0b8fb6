package autogen

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/lineage"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
)

// RevisionRequest asks Revision for a new migration.
type RevisionRequest struct {
	// Dir is the migrations directory; default migdir.DefaultDir.
	Dir string
	// Message says what the migration does; it also names the file.
	Message string
	// Autogenerate diffs the models against the snapshot. Without it the
	// migration is empty, to be filled in by hand.
	Autogenerate bool
	// Models are pointers to the GORM model structs (for Autogenerate).
	Models []any
	// GORM says how the models are read: GORM's dialector for the
	// dialect the migrations are generated for (GORM declares some types
	// per dialect; required, e.g. connect.Dialector(dialect.Postgres)),
	// the gorm.Config the application opens its database with (its naming
	// strategy, DisableForeignKeyConstraintWhenMigrating) and the custom
	// join models it registers.
	GORM gormschema.Options
	// History is the order of the compiled history (migrations.All()'s
	// Chain); its head becomes the new migration's parent. Building the
	// history is what reports a fork.
	History lineage.Chain
	// Renames are rename hints (see ParseRename), merged over the models' own.
	Renames []Rename
	// Defaults maps "table.column" to the SQL value that rows already in
	// the table get for a new NOT NULL column without default.
	Defaults map[string]string
	// AskBackfill, if set, is asked for each such column Defaults does not
	// cover ("table.column"); if nil, Revision returns the *BackfillError.
	AskBackfill func(column string) (string, error)
	// NoSafePlans writes the plain form of every operation, inside the
	// migration's transaction, instead of the lock-safe form Safe makes of
	// changes to existing tables (for a project on SQLite or with small
	// tables).
	NoSafePlans bool
	// AllowDataLoss writes a migration that drops tables or columns or
	// narrows types; without it Revision returns a *DataLossError.
	AllowDataLoss bool
	// Replayed is the schema the history builds (package replay). When
	// set, Revision refuses (*SnapshotDiffError) a snapshot that is not
	// that schema, instead of generating from it.
	Replayed *Replayed
	// Now and ID are for tests; by default time.Now and migdir.NewID.
	Now func() time.Time
	ID  func() string
}

// RevisionResult says what Revision wrote.
type RevisionResult struct {
	ID           string
	Path         string // the migration file
	SnapshotPath string
	SumPath      string
	// Ops has one line per operation of the upgrade (op.Op's String),
	// prefixed "WARNING: " for the ones that can lose data.
	Ops []string
	// Suggestions are hints from the diff, such as a possible rename.
	Suggestions []Suggestion
	// NoChanges is true when the models match the snapshot; then nothing
	// was written and the other fields are empty.
	NoChanges bool
	// Before is the schema the migration starts from, Up its operations
	// and NoTransaction whether it runs outside a transaction: what a
	// linter needs to judge the migration before it is compiled in.
	Before        *schema.Schema
	Up            []op.Op
	NoTransaction bool
}

// Errors Revision and Check return for an incomplete request.
var (
	ErrNoMessage = errors.New("a revision needs a message saying what it does")
	ErrNoModels  = errors.New("autogenerating needs the models to compare with the migrations")
)

// ErrDataLoss is wrapped by *DataLossError.
var ErrDataLoss = errors.New("the migration would lose data")

// DataLossError is returned by Revision, which writes nothing, when the
// migration would drop tables or columns or narrow types and the request
// does not allow data loss.
type DataLossError struct {
	Ops         []string     // the data-losing operations, one line each
	Suggestions []Suggestion // possible renames, from the diff
}

func (e *DataLossError) Error() string {
	return e.Describe("", "a rename hint keeps its data: a Rename in the request", Suggestion.String)
}

// Describe says what Error says in the caller's words: allow is added to
// the first line (how to write the migration anyway), rename says how to
// declare a rename besides the field tag, and hint words each suggestion.
// A command line names its flags there.
func (e *DataLossError) Describe(allow, rename string, hint func(Suggestion) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "refusing to write a migration that loses data%s:\n", allow)
	for _, o := range e.Ops {
		fmt.Fprintf(&b, "  %s\n", o)
	}
	fmt.Fprintf(&b, "If a table or column was renamed, %s, or the field tag matardb:\"renamed_from=OLD\".", rename)
	for _, s := range e.Suggestions {
		fmt.Fprintf(&b, "\n%s", hint(s))
	}
	return b.String()
}

// Unwrap lets errors.Is(err, ErrDataLoss) match.
func (e *DataLossError) Unwrap() error { return ErrDataLoss }

// Revision writes a new migration into req.Dir: the migration file
// <id>_<slug>.go, the updated schema snapshot and the sum file with a line
// for the new file. With Autogenerate, the migration's operations are the
// difference between the snapshot and the models; when there is none,
// nothing is written and the result says NoChanges.
//
// It needs no database. It fails, writing nothing, when the snapshot is
// not at the history's head (*SnapshotHeadError), when new NOT NULL
// columns lack a value for existing rows (*BackfillError), when the
// migration would lose data and that is not allowed (*DataLossError), and
// when the migration file already exists. If a write fails half way, what
// was written is removed. The new snapshot is the old one with the
// migration's operations applied, which is what a database gets.
//
// Two Revisions must not run at once on one directory.
func Revision(req RevisionRequest) (*RevisionResult, error) {
	req, err := req.withDefaults()
	if err != nil {
		return nil, err
	}
	snap, err := readSnapshot(req.Dir, req.History)
	if err != nil {
		return nil, err
	}
	stale, err := snapshotDiff(req.Dir, &snap.Schema, req.Replayed)
	if err != nil {
		return nil, err
	}
	if stale != nil {
		return nil, stale
	}
	if !req.Autogenerate {
		return write(req, File{}, &snap.Schema)
	}
	plan, err := req.plan(&snap.Schema)
	if err != nil {
		return nil, err
	}
	if plan.Empty() {
		return &RevisionResult{NoChanges: true}, nil
	}
	f, err := req.file(&snap.Schema, plan)
	if err != nil {
		return nil, err
	}
	lines := opLines(plan, f.Up)
	if len(plan.DataLoss) > 0 && !req.AllowDataLoss {
		return nil, &DataLossError{Ops: warnings(lines), Suggestions: plan.Suggestions}
	}
	after, err := applied(&snap.Schema, f.Up)
	if err != nil {
		return nil, err
	}
	res, err := write(req, f, after)
	if err != nil {
		return nil, err
	}
	res.Ops, res.Suggestions = lines, plan.Suggestions
	res.Before, res.Up, res.NoTransaction = &snap.Schema, f.Up, f.NoTransaction
	return res, nil
}

// file is the migration to write for plan: its safe form unless the
// request turns safe plans off.
func (req RevisionRequest) file(before *schema.Schema, plan *Plan) (File, error) {
	f := File{Before: before, Up: plan.Up, Down: plan.Down}
	if req.NoSafePlans {
		return f, nil
	}
	safe, err := Safe(before, plan)
	if err != nil {
		return File{}, err
	}
	f.Up, f.Down, f.NoTransaction, f.Notes = safe.Up, safe.Down, safe.NoTransaction, safe.Notes
	return f, nil
}

func (req RevisionRequest) withDefaults() (RevisionRequest, error) {
	if req.Dir == "" {
		req.Dir = migdir.DefaultDir
	}
	if req.Now == nil {
		req.Now = time.Now
	}
	if req.ID == nil {
		req.ID = migdir.NewID
	}
	switch {
	case strings.TrimSpace(req.Message) == "":
		return req, ErrNoMessage
	case req.Autogenerate && len(req.Models) == 0:
		return req, ErrNoModels
	}
	return req, nil
}

// plan reads the models and diffs them against from, asking for backfill
// values when it can.
func (req RevisionRequest) plan(from *schema.Schema) (*Plan, error) {
	models, err := readModels(&req.GORM, req.Models)
	if err != nil {
		return nil, err
	}
	opts := options(models, req.Renames, req.Defaults)
	to := models.Schema
	plan, err := Diff(from, to, opts)
	var bf *BackfillError
	if errors.As(err, &bf) && req.AskBackfill != nil {
		if err := askBackfill(req.AskBackfill, to, bf.Columns, opts.Backfill); err != nil {
			return nil, err
		}
		plan, err = Diff(from, to, opts)
	}
	if err != nil {
		return nil, err
	}
	if err := checkHints(req, plan, to); err != nil {
		return nil, err
	}
	return plan, nil
}

// applied returns the schema ops build from s: the new snapshot. It is the
// models' schema up to what Diff ignores, such as the position of a column
// added to an existing table, and exactly what the migrations build on a
// database.
func applied(s *schema.Schema, ops []op.Op) (*schema.Schema, error) {
	after := s.Clone()
	for _, o := range ops {
		if err := o.Mutate(after); err != nil {
			return nil, fmt.Errorf("autogen: internal error, please report it: %s: %w", o, err)
		}
	}
	return after, nil
}

// askBackfill asks for the value of each of columns, checking each answer
// against the column's type in to.
func askBackfill(ask func(string) (string, error), to *schema.Schema, columns []string, into map[string]string) error {
	for _, col := range columns {
		v, err := ask(col)
		if err != nil {
			return fmt.Errorf("value for the existing rows of NOT NULL column %s: %w", col, err)
		}
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("NOT NULL column %s needs a value for the existing rows; none was given", col)
		}
		if err := validateFor(to, col, v); err != nil {
			return err
		}
		into[col] = v
	}
	return nil
}

// opLines renders the upgrade up of plan p (its plain or safe form) one
// line per operation.
func opLines(p *Plan, up []op.Op) []string {
	loses := map[string]bool{}
	for _, o := range p.DataLoss {
		loses[o.GoString()] = true
	}
	lines := make([]string, len(up))
	for i, o := range up {
		lines[i] = o.String()
		if loses[o.GoString()] {
			lines[i] = "WARNING: " + lines[i]
		}
	}
	return lines
}

func warnings(lines []string) []string {
	var out []string
	for _, l := range lines {
		if s, ok := strings.CutPrefix(l, "WARNING: "); ok {
			out = append(out, s)
		}
	}
	return out
}

// write renders the migration (empty when f has no operations) and adds
// it, with the new snapshot, to the migrations directory.
func write(req RevisionRequest, f File, to *schema.Schema) (*RevisionResult, error) {
	f.ID, f.Parent, f.Message, f.Date = req.ID(), req.History.Head(), req.Message, req.Now()
	if err := migdir.CheckID(f.ID); err != nil {
		return nil, err
	}
	render := Render
	if len(f.Up) == 0 {
		render = RenderEmpty
	}
	src, err := render(f)
	if err != nil {
		return nil, err
	}
	w, err := migdir.Add(req.Dir, req.History, migdir.NewMigration{
		ID: f.ID, Message: f.Message, Source: src, Snapshot: &schema.Snapshot{Schema: *to},
	})
	if err != nil {
		return nil, err
	}
	return &RevisionResult{ID: f.ID, Path: w.Path, SnapshotPath: w.SnapshotPath, SumPath: w.SumPath}, nil
}
