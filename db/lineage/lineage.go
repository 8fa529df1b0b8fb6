// Package lineage orders migrations by their parent links, with no
// knowledge of what a migration runs: the one ordering rule that the
// runtime history (db/history) and the migrations directory (db/migdir)
// share.
//
// Each migration names its parent, as an Alembic revision names its
// down_revision. The order comes from those links alone, never from file
// names or registration order, so it is deterministic; and two migrations
// that name the same parent (two branches that each added one) are
// reported as a fork instead of being put in an arbitrary order.
//
// The package is pure: no I/O, no state; every function is safe for
// concurrent use.
package lineage

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Link is one migration's place in the chain: its ID and its parent's
// ID, "" for the first migration.
type Link struct {
	ID, Parent string
}

// Errors Order returns (wrapped), for callers that branch on them.
var (
	ErrEmptyID     = errors.New("migration has an empty ID")
	ErrDuplicateID = errors.New("duplicate migration ID")
	ErrUnknownPrev = errors.New("migration follows a parent that does not exist")
	ErrFork        = errors.New("the migration history forked")
	ErrCycle       = errors.New("migrations form a cycle")
)

// ForkError reports migrations that follow the same parent.
type ForkError struct {
	Parent   string   // "" when there are several first migrations
	Children []string // sorted
}

func (e *ForkError) Error() string {
	where := "follow " + e.Parent
	if e.Parent == "" {
		where = "claim to be the first migration"
	}
	return fmt.Sprintf("%v: migrations %s all %s; "+
		"make one follow the other (set its Parent to the other's ID and regenerate the schema snapshot), "+
		"or merge them into one migration", ErrFork, strings.Join(e.Children, ", "), where)
}

// Unwrap lets errors.Is(err, ErrFork) match.
func (e *ForkError) Unwrap() error { return ErrFork }

// Order returns the IDs of links from the one with no parent to the head.
// It fails on empty or duplicate IDs, a parent that does not exist, a fork
// (*ForkError) and a cycle. No links give an empty chain.
func Order(links []Link) ([]string, error) {
	children := make(map[string][]string, len(links))
	seen := make(map[string]bool, len(links))
	for i, l := range links {
		switch {
		case l.ID == "":
			return nil, fmt.Errorf("migration %d: %w", i, ErrEmptyID)
		case seen[l.ID]:
			return nil, fmt.Errorf("migration %s: %w", l.ID, ErrDuplicateID)
		}
		seen[l.ID] = true
		children[l.Parent] = append(children[l.Parent], l.ID)
	}
	if err := checkParents(children, seen); err != nil {
		return nil, err
	}
	order := make([]string, 0, len(links))
	for next := children[""]; len(next) == 1; next = children[next[0]] {
		order = append(order, next[0])
	}
	if len(order) != len(links) {
		// Every parent exists and none is shared, so the rest form a cycle.
		return nil, fmt.Errorf("%w: %d of %d migrations are not reachable from the first",
			ErrCycle, len(links)-len(order), len(links))
	}
	return order, nil
}

// checkParents fails on a parent no link has and on a parent shared by
// several links. It reports the smallest such parent, so that the error
// does not depend on map order.
func checkParents(children map[string][]string, seen map[string]bool) error {
	parents := make([]string, 0, len(children))
	for p := range children {
		parents = append(parents, p)
	}
	slices.Sort(parents)
	for _, parent := range parents {
		kids := children[parent]
		if parent != "" && !seen[parent] {
			return fmt.Errorf("migration %s: %w: %s", kids[0], ErrUnknownPrev, parent)
		}
		if len(kids) > 1 {
			return &ForkError{Parent: parent, Children: slices.Sorted(slices.Values(kids))}
		}
	}
	return nil
}

// Chain is an ordered list of migration IDs, first to head, as Order
// returns it. The zero value is the empty chain.
type Chain []string

// Head returns the last ID, or "" for an empty chain.
func (c Chain) Head() string {
	if len(c) == 0 {
		return ""
	}
	return c[len(c)-1]
}

// Index returns the position of id in c, and whether it is there.
func (c Chain) Index(id string) (int, bool) {
	i := slices.Index(c, id)
	return i, i >= 0
}
