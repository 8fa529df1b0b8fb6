package lint

import (
	"errors"
	"regexp"
	"strings"
	"time"
)

// ErrNotAScript is returned by ReadScript for text with no migration in it.
var ErrNotAScript = errors.New("not a matardb upgrade --sql script: no migration header (-- ID: message)")

// scriptHeader opens a migration in an upgrade --sql script.
var scriptHeader = regexp.MustCompile(`^-- ([^\s:]+): `)

// opaqueNote is how the script says part of a migration is Go code.
const opaqueNote = "cannot render offline"

// ReadScript reads the migrations of a PostgreSQL script printed by
// `matardb upgrade --sql`, so that it can be linted: each "-- ID: message"
// header starts a migration, statements between BEGIN and COMMIT run in a
// transaction (the migration's, or one of the groups of a NoTransaction
// migration) and the others outside one, and the note on Go steps that
// could not be rendered makes it Opaque. What comes before the first header
// (the bookkeeping table) is skipped. lockTimeout is the lock_timeout the
// migrator will set for each migration (0 for none), which the script does
// not show.
func ReadScript(script string, lockTimeout time.Duration) ([]Migration, error) {
	r := scriptReader{lockTimeout: lockTimeout}
	for line := range strings.Lines(script) {
		r.line(line)
	}
	r.flush()
	if len(r.out) == 0 {
		return nil, ErrNotAScript
	}
	return r.out, nil
}

// scriptReader is ReadScript's state.
type scriptReader struct {
	lockTimeout time.Duration
	out         []Migration
	body        strings.Builder
	inTx        bool
}

func (r *scriptReader) line(line string) {
	trimmed := strings.TrimSpace(line)
	switch h := scriptHeader.FindStringSubmatch(trimmed); {
	case h != nil:
		r.flush()
		r.out, r.inTx = append(r.out, Migration{ID: h[1], LockTimeout: r.lockTimeout}), false
	case len(r.out) == 0:
	case trimmed == "BEGIN;", trimmed == "COMMIT;":
		r.flush()
		r.inTx = trimmed == "BEGIN;"
	case strings.HasPrefix(trimmed, "-- migration ") && strings.Contains(trimmed, opaqueNote):
		r.out[len(r.out)-1].Opaque = "it contains Go steps matardb cannot render offline (see the comments in upgrade --sql)"
	default:
		r.body.WriteString(line)
	}
}

// flush ends the statements read since the last boundary.
func (r *scriptReader) flush() {
	if len(r.out) > 0 && strings.TrimSpace(r.body.String()) != "" {
		m := &r.out[len(r.out)-1]
		m.Statements = append(m.Statements, Statement{SQL: r.body.String(), InTransaction: r.inTx})
	}
	r.body.Reset()
}
