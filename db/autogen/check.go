package autogen

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/lineage"
	"github.com/matar-app/matardb/db/migdir"
	"github.com/matar-app/matardb/db/schema"
)

// ErrSnapshotHead is wrapped by *SnapshotHeadError.
var ErrSnapshotHead = errors.New("the schema snapshot is not at the history's head")

// SnapshotHeadError reports a schema snapshot whose head is not the
// history's head: it does not describe the schema the history builds.
type SnapshotHeadError struct {
	Path     string
	Snapshot string // the snapshot's head, "" for none
	History  string // the history's head
	// Missing lists the history's migrations after the snapshot's head,
	// when the snapshot's head is in the history.
	Missing []string
	// Unknown is true when the snapshot's head is not in the history.
	Unknown bool
}

func (e *SnapshotHeadError) Error() string {
	const fix = "take schema.json and matardb.sum from a clean checkout of the branch the other " +
		"migrations came from, delete your branch's own new migration files, " +
		"and autogenerate your migration again"
	switch {
	case e.Snapshot == "":
		return fmt.Sprintf("there is no schema snapshot (%s) but the history's head is %s: "+
			"restore %s from version control", e.Path, e.History, migdir.SnapshotFile)
	case e.Unknown:
		head := "head " + e.History
		if e.History == "" {
			head = "which is empty"
		}
		return fmt.Sprintf("the schema snapshot %s is at %s, which is not in the history (%s): "+
			"it comes from another branch, or its migration file was removed; %s", e.Path, e.Snapshot, head, fix)
	}
	return fmt.Sprintf("the schema snapshot %s is at %s but the history's head is %s (%s not in it): "+
		"it was taken from another branch in a merge, or a migration was added without the autogenerator; %s",
		e.Path, e.Snapshot, e.History, strings.Join(e.Missing, ", "), fix)
}

// Unwrap lets errors.Is(err, ErrSnapshotHead) match.
func (e *SnapshotHeadError) Unwrap() error { return ErrSnapshotHead }

// readSnapshot reads dir's snapshot and checks that its head is h's head.
func readSnapshot(dir string, h lineage.Chain) (*schema.Snapshot, error) {
	snap, err := migdir.ReadSnapshot(dir)
	if err != nil {
		return nil, err
	}
	if err := headError(dir, snap, h); err != nil {
		return nil, err
	}
	return snap, nil
}

func headError(dir string, snap *schema.Snapshot, h lineage.Chain) *SnapshotHeadError {
	if snap.Head == h.Head() {
		return nil
	}
	e := &SnapshotHeadError{Path: filepath.Join(dir, migdir.SnapshotFile), Snapshot: snap.Head, History: h.Head()}
	i, known := h.Index(snap.Head)
	switch {
	case snap.Head == "":
	case !known:
		e.Unknown = true
	default:
		e.Missing = slices.Clone(h[i+1:])
	}
	return e
}

// CheckRequest asks Check whether models, snapshot, history and sum file agree.
type CheckRequest struct {
	// Dir is the migrations directory; default migdir.DefaultDir.
	Dir string
	// Models are pointers to the GORM model structs.
	Models []any
	// GORM says how the models are read: GORM's dialector for the
	// dialect the migrations are generated for (GORM declares some types
	// per dialect; required, e.g. connect.Dialector(dialect.Postgres)),
	// the gorm.Config the application opens its database with (its naming
	// strategy, DisableForeignKeyConstraintWhenMigrating) and the custom
	// join models it registers.
	GORM gormschema.Options
	// History is the order of the compiled history (migrations.All()'s Chain).
	History lineage.Chain
	// Renames are rename hints, as for RevisionRequest, so that the
	// differences read as they would be generated.
	Renames []Rename
	// Replayed is the schema the history builds (package replay). When
	// set, the snapshot must be that schema, and the models are compared
	// with it.
	Replayed *Replayed
}

// CheckResult lists what Check found; it is clean when every field is empty.
type CheckResult struct {
	// Head is set when the snapshot is not at the history's head.
	Head *SnapshotHeadError
	// Snapshot is set when the snapshot is not the schema the replayed
	// history builds.
	Snapshot *SnapshotDiffError
	// Opaque names the migrations holding raw SQL (from Replayed), for
	// information: they are not a disagreement.
	Opaque []string
	// Sum lists the migration files that disagree with the sum file.
	Sum []migdir.Problem
	// Differences are the operations a revision would generate, one line
	// each as RevisionResult.Ops has them.
	Differences []string
}

// OK reports whether models, snapshot, history and sum file agree.
func (r *CheckResult) OK() bool {
	return r.Head == nil && r.Snapshot == nil && len(r.Sum) == 0 && len(r.Differences) == 0
}

// Problems describes what is wrong, one line each: the snapshot's head,
// then the sum file's problems, then the changes of the models that no
// migration makes. record says how to record the sums again, and generate
// how to write the missing migration (a command line gives its commands);
// empty strings give generic advice.
func (r *CheckResult) Problems(record, generate string) []string {
	if record == "" {
		record = "record the sums again"
	}
	if generate == "" {
		generate = "autogenerate a migration"
	}
	var out []string
	if r.Head != nil {
		out = append(out, r.Head.Error())
	}
	if r.Snapshot != nil {
		out = append(out, r.Snapshot.Error())
	}
	for _, p := range r.Sum {
		out = append(out, p.Describe(record))
	}
	if len(r.Differences) > 0 {
		out = append(out, "the models differ from the migrations; "+generate+" that:")
		for _, d := range r.Differences {
			out = append(out, "  "+d)
		}
	}
	return out
}

// Check compares the models with the schema snapshot (with the replayed
// history when the request has it, and the snapshot with that), the
// snapshot's head with the history's head, and the migration files with
// the sum file. It
// needs no database. Disagreements are in the result; the error is for
// input it cannot read (a corrupt snapshot or sum file, a model GORM
// cannot parse).
func Check(req CheckRequest) (*CheckResult, error) {
	if req.Dir == "" {
		req.Dir = migdir.DefaultDir
	}
	if len(req.Models) == 0 {
		return nil, ErrNoModels
	}
	// The models are parsed while the files are read: the two take about
	// as long, and need nothing from each other.
	models := make(chan modelsRead, 1)
	go func() {
		r, err := readModels(&req.GORM, req.Models)
		models <- modelsRead{r, err}
	}()
	snap, err := migdir.ReadSnapshot(req.Dir)
	if err != nil {
		return nil, err
	}
	res := &CheckResult{Head: headError(req.Dir, snap, req.History)}
	if res.Sum, err = migdir.Verify(req.Dir); err != nil {
		return nil, err
	}
	from := &snap.Schema
	if req.Replayed != nil {
		if res.Snapshot, err = snapshotDiff(req.Dir, from, req.Replayed); err != nil {
			return nil, err
		}
		from, res.Opaque = req.Replayed.Schema, req.Replayed.Opaque
	}
	m := <-models
	if m.err != nil {
		return nil, m.err
	}
	if res.Differences, err = differences(from, m.models, req.Renames); err != nil {
		return nil, err
	}
	return res, nil
}

// modelsRead is readModels' answer.
type modelsRead struct {
	models *gormschema.Result
	err    error
}

// differences lists the operations that would turn from into the models.
// Backfill values are not needed to list them, so missing ones are filled
// with NULL.
func differences(from *schema.Schema, models *gormschema.Result, renames []Rename) ([]string, error) {
	plan, err := diffFilled(from, models.Schema, options(models, renames, nil))
	if err != nil {
		return nil, err
	}
	return opLines(plan, plan.Up), nil
}
