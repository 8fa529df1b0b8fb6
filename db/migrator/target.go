package migrator

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/matar-app/matardb/db/history"
)

// Base is the target before the first migration: Down(ctx, Base) undoes
// every migration, Stamp(ctx, Base) clears the bookkeeping table.
const Base = "base"

// position returns the index in h of target, a migration ID or Base (-1).
func position(h *history.History, target string) (int, error) {
	if target == Base {
		return -1, nil
	}
	if i, ok := h.Position(target); ok {
		return i, nil
	}
	if target == "" {
		return 0, fmt.Errorf("%w: the target is empty; give a migration ID or %s", ErrUnknownTarget, Base)
	}
	return 0, fmt.Errorf("%w %q: no migration of the history has that ID (nor is it %s)", ErrUnknownTarget, target, Base)
}

// unknownID is UpTo's error for an id the history does not contain.
func unknownID(id string) error {
	if id == "" {
		return fmt.Errorf("%w: the target migration ID is empty", ErrUnknownTarget)
	}
	return fmt.Errorf("%w %q: no migration of the history has that ID", ErrUnknownTarget, id)
}

// steps parses a relative target "-N", reporting ok false for other forms.
func steps(target string) (n int, ok bool, err error) {
	digits, found := strings.CutPrefix(target, "-")
	if !found {
		return 0, false, nil
	}
	n, err = strconv.Atoi(digits)
	if err != nil || n < 1 {
		return 0, true, fmt.Errorf("%w %q: a relative target is -N with N a positive number of migrations", ErrUnknownTarget, target)
	}
	return n, true, nil
}
