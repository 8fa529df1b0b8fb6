package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/offline"
)

// upgradeSQL prints the SQL of the migrations after FROM up to TARGET
// (spec is [FROM:]TARGET; FROM defaults to base), each in its own
// transaction and recorded in the bookkeeping table as db.Migrate would.
// Every migration before FROM is run offline too, so that the schema the
// printed ones start from is the one the history builds. A migration that
// fails offline fails the command, printing no script.
func upgradeSQL(ctx context.Context, e *env, d dialect.Dialect, spec string) error {
	h, err := e.project.history()
	if err != nil {
		return err
	}
	from, to, err := sqlRange(h, spec, e.project.name())
	if err != nil {
		return err
	}
	table, o, err := scriptRenderer(e, d)
	if err != nil {
		return err
	}
	defer o.Close()
	sw := startScript(e, d, table, "upgrade", h, from, to)
	for i := 0; i <= to; i++ {
		m := h.At(i)
		r := o.Render(ctx, m)
		if err := r.Failure(); err != nil {
			return offlineFailure(e, "upgrade", m, err)
		}
		if i <= from {
			continue
		}
		sw.step(m, &r, migrator.ScriptRecordSQL(d, table, m))
	}
	sw.finish(e, d, "migrations %s contain Go steps matardb cannot render offline")
	return nil
}

// offlineFailure is the error of command --sql when m's Migrate (or, for
// downgrade, its Rollback) failed offline: the script would be wrong from
// there on, so none is printed.
func offlineFailure(e *env, command string, m *history.Migration, err error) error {
	return fmt.Errorf("migration %s (%s) failed when run offline, so no script was printed: %s; "+
		"fix the migration, or run %s %s against the database instead of --sql",
		m.ID, m.Message, commentLine(err.Error()), e.project.name(), command)
}

// scriptWriter collects the offline script, printed only once every step
// rendered, and remembers the migrations it could not render.
type scriptWriter struct {
	w            bytes.Buffer
	unrenderable []string
}

// scriptRenderer is what an offline script needs first: the bookkeeping
// table it writes (see scriptTable) and a renderer for dialect d, which the
// caller closes.
func scriptRenderer(e *env, d dialect.Dialect) (string, *offline.Renderer, error) {
	table, err := scriptTable(e)
	if err != nil {
		return "", nil, err
	}
	o, err := offline.New(d)
	return table, o, err
}

// scriptTable returns the bookkeeping table an offline script writes:
// --table, else migrator.TableName.
func scriptTable(e *env) (string, error) {
	if e.table == "" {
		return migrator.TableName, nil
	}
	if err := migrator.CheckTableName(e.table); err != nil {
		return "", fmt.Errorf("--table: %w", err)
	}
	return e.table, nil
}

// startScript writes the header of the offline script of command (upgrade
// or downgrade) from position from to position to of h, and its prologue
// creating the bookkeeping table table, and returns the writer of its
// steps.
func startScript(e *env, d dialect.Dialect, table, command string, h *history.History, from, to int) *scriptWriter {
	sw := &scriptWriter{}
	fmt.Fprintf(&sw.w, "-- %s %s --sql: %s, %s to %s\n", e.project.name(), command, d, describe(h, from), describe(h, to))
	printPrologue(&sw.w, d, table)
	return sw
}

// step prints m's rendering r and the bookkeeping statement record.
func (s *scriptWriter) step(m *history.Migration, r *offline.Rendering, record string) {
	printStep(&s.w, m, r, record)
	if !r.Renderable() {
		s.unrenderable = append(s.unrenderable, m.ID)
	}
}

// finish ends the script, prints it to stdout and warns on stderr, with
// warning (whose %s is the IDs), when a step could not be rendered.
func (s *scriptWriter) finish(e *env, d dialect.Dialect, warning string) {
	printEpilogue(&s.w, d)
	e.stdout.Write(s.w.Bytes())
	if len(s.unrenderable) > 0 {
		fmt.Fprintf(e.stderr, "%s: warning: "+warning+"; see the comments in the SQL\n",
			e.project.name(), strings.Join(s.unrenderable, ", "))
	}
}

// sqlRange returns the positions in h of FROM (-1 for base) and TARGET.
func sqlRange(h *history.History, spec, prog string) (from, to int, err error) {
	fromID, toID, ranged := strings.Cut(spec, ":")
	if !ranged {
		fromID, toID = "base", spec
	}
	if from, err = position(h, fromID, "base", prog); err != nil {
		return 0, 0, err
	}
	if to, err = position(h, toID, "head", prog); err != nil {
		return 0, 0, err
	}
	if from > to {
		return 0, 0, fmt.Errorf("%s comes after %s in the history: nothing to upgrade (FROM:TARGET goes forward)", fromID, toID)
	}
	return from, to, nil
}

// position returns the index of id in h; "base" is -1 and "head" the last.
func position(h *history.History, id, def, prog string) (int, error) {
	if id == "" {
		id = def
	}
	switch id {
	case "base":
		return -1, nil
	case "head":
		return h.Len() - 1, nil
	}
	i, err := migrator.Resolve(h, id)
	if err != nil {
		return 0, fmt.Errorf("%w (see %s history)", err, prog)
	}
	return i, nil
}

// describe names the migration at position i for the header.
func describe(h *history.History, i int) string {
	if i < 0 {
		return "base"
	}
	return h.At(i).ID
}

// printPrologue prints what the script needs before the first migration.
// On SQLite, db.Migrate turns foreign key enforcement off while it runs,
// since table rebuilds drop tables that foreign keys reference.
func printPrologue(w io.Writer, d dialect.Dialect, table string) {
	fmt.Fprintf(w, "\n%s;\n", migrator.ScriptTableSQL(table))
	if d == dialect.SQLite {
		fmt.Fprint(w, "\nPRAGMA foreign_keys = OFF;\n")
	}
}

func printEpilogue(w io.Writer, d dialect.Dialect) {
	if d == dialect.SQLite {
		fmt.Fprint(w, "\nPRAGMA foreign_keys = ON;\n")
	}
}

// printStep prints one migration's SQL (of Migrate or Rollback) and record,
// the statement that records it, or says in comments what of it could
// not be rendered.
func printStep(w io.Writer, m *history.Migration, r *offline.Rendering, record string) {
	fmt.Fprintf(w, "\n-- %s: %s\n", m.ID, m.Message)
	if !m.NoTransaction {
		fmt.Fprint(w, "BEGIN;\n")
	}
	printStatements(w, m, r.SQL)
	if !r.Renderable() {
		printUnrenderable(w, m.ID, r)
	}
	fmt.Fprintf(w, "\n%s;\n", record)
	if !m.NoTransaction {
		fmt.Fprint(w, "\nCOMMIT;\n")
	}
}

// printStatements prints a migration's statements. In a NoTransaction
// migration, the steps op.Apply ran in transactions of their own are
// wrapped in BEGIN and COMMIT.
func printStatements(w io.Writer, m *history.Migration, stmts []offline.Statement) {
	open := false
	for _, s := range stmts {
		if m.NoTransaction && s.InTransaction != open {
			if open {
				fmt.Fprint(w, "\nCOMMIT;\n")
			} else {
				fmt.Fprint(w, "\nBEGIN;\n")
			}
			open = !open
		}
		fmt.Fprintf(w, "\n%s;\n", s.SQL)
	}
	if open {
		fmt.Fprint(w, "\nCOMMIT;\n")
	}
}

// printUnrenderable names a migration whose Go code did more than package
// op's operations, showing what the offline run saw as comments.
func printUnrenderable(w io.Writer, id string, r *offline.Rendering) {
	fmt.Fprintf(w, "\n-- migration %s: contains Go steps matardb cannot render offline\n", id)
	if r.Err != nil {
		fmt.Fprintf(w, "--   running it offline failed: %s\n", commentLine(r.Err.Error()))
	}
	if r.Reads {
		fmt.Fprint(w, "--   it reads from the database, so what it does can depend on the data\n")
	}
	for _, s := range r.Foreign {
		fmt.Fprintf(w, "--   its own statement, as run on an empty database: %s;\n", commentLine(s))
	}
}

// commentLine makes s fit on one SQL comment line.
func commentLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
