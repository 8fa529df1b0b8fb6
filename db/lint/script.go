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
// header starts a migration, BEGIN says its statements run in its
// transaction, and the note on Go steps that could not be rendered makes it
// Opaque. What comes before the first header (the bookkeeping table) is
// skipped. lockTimeout is the lock_timeout the migrator will set for each
// migration (0 for none), which the script does not show.
func ReadScript(script string, lockTimeout time.Duration) ([]Migration, error) {
	var out []Migration
	var body strings.Builder
	flush := func() {
		if len(out) > 0 {
			m := &out[len(out)-1]
			m.Statements = []Statement{{SQL: body.String(), InTransaction: m.Statements != nil}}
		}
		body.Reset()
	}
	for line := range strings.Lines(script) {
		trimmed := strings.TrimSpace(line)
		switch h := scriptHeader.FindStringSubmatch(trimmed); {
		case h != nil:
			flush()
			out = append(out, Migration{ID: h[1], LockTimeout: lockTimeout})
		case len(out) == 0, trimmed == "COMMIT;":
		case trimmed == "BEGIN;":
			out[len(out)-1].Statements = []Statement{} // marks "in a transaction" until flush
		case strings.HasPrefix(trimmed, "-- migration ") && strings.Contains(trimmed, opaqueNote):
			out[len(out)-1].Opaque = "it contains Go steps matardb cannot render offline (see the comments in upgrade --sql)"
		default:
			body.WriteString(line)
		}
	}
	flush()
	if len(out) == 0 {
		return nil, ErrNotAScript
	}
	return out, nil
}
