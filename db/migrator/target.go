package migrator

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/matar-app/matardb/db/history"
)

// Base is the target before the first migration: Down(ctx, Base) undoes
// every migration, Stamp(ctx, Base) clears the bookkeeping table.
const Base = "base"

// Head is the target of the history's last migration.
const Head = "head"

// position returns the index in h of target: Base (-1), Head, a migration
// ID, or a prefix of exactly one migration's ID (as Alembic takes).
func position(h *history.History, target string) (int, error) {
	switch target {
	case Base:
		return -1, nil
	case Head:
		return h.Len() - 1, nil
	case "":
		return 0, fmt.Errorf("%w: the target is empty; give a migration ID, %s or %s", ErrUnknownTarget, Base, Head)
	}
	if i, ok := h.Position(target); ok {
		return i, nil
	}
	var matches []string
	at := 0
	for i, m := range h.Migrations() {
		if strings.HasPrefix(m.ID, target) {
			matches, at = append(matches, m.ID), i
		}
	}
	switch len(matches) {
	case 1:
		return at, nil
	case 0:
		return 0, fmt.Errorf("%w %q: no migration of the history has that ID or an ID starting with it (nor is it %s or %s)",
			ErrUnknownTarget, target, Base, Head)
	}
	return 0, fmt.Errorf("%w %q: it is the start of several migration IDs (%s); give more of the ID",
		ErrUnknownTarget, target, strings.Join(matches, ", "))
}

// steps parses a relative target "-N", reporting ok false for other forms.
func steps(target string) (n int, ok bool, err error) {
	return relative(target, "-")
}

// relative parses sign followed by N, a positive number of migrations.
func relative(target, sign string) (n int, ok bool, err error) {
	digits, found := strings.CutPrefix(target, sign)
	if !found {
		return 0, false, nil
	}
	n, err = strconv.Atoi(digits)
	if err != nil || n < 1 {
		return 0, true, fmt.Errorf("%w %q: a relative target is %sN with N a positive number of migrations",
			ErrUnknownTarget, target, sign)
	}
	return n, true, nil
}

// upTarget resolves UpTo's target to an index of the history: "+N" is N
// migrations after the last applied one, read from the database.
func (m *Migrator) upTarget(ctx context.Context, target string) (int, error) {
	h := m.cfg.history
	n, rel, err := relative(target, "+")
	if err != nil || !rel {
		if err == nil {
			return position(h, target)
		}
		return 0, err
	}
	recs, err := m.readOnly(ctx)
	if err != nil {
		return 0, err
	}
	cur := -1
	if id := current(h, recs); id != "" {
		cur, _ = h.Position(id)
	}
	if cur+n >= h.Len() {
		return 0, fmt.Errorf("%w %q: only %d migrations are pending after %s", ErrUnknownTarget, target,
			h.Len()-1-cur, orBase(current(h, recs)))
	}
	return cur + n, nil
}

// Resolve returns the index in h of target as the methods take it: Base
// (-1), Head, a migration ID, or a prefix of exactly one migration's ID.
// It fails with ErrUnknownTarget, naming the IDs an ambiguous prefix
// matches.
func Resolve(h *history.History, target string) (int, error) { return position(h, target) }
