// Package history orders a set of migrations into the one chain that
// db.Migrate runs, and refuses sets that are not a chain.
//
// Each migration names its parent, as an Alembic revision names its
// down_revision. The order comes from those links alone, never from file
// names or registration order, so it is deterministic; and two migrations
// that name the same parent (two branches that each added one) are reported
// as a fork instead of being run in an arbitrary order.
//
// A History is immutable once built and safe for concurrent use.
package history

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-gormigrate/gormigrate/v2"
)

// Migration is one step of the history.
type Migration struct {
	// ID identifies the migration in the bookkeeping table; 12 hex digits
	// for generated ones, like Alembic's revision IDs.
	ID string
	// Parent is the ID of the migration this one follows; empty for the first.
	Parent string
	// Message says what the migration does, for history and status listings.
	Message string
	// Migrate applies the migration. It runs inside a transaction unless
	// NoTransaction is set.
	Migrate gormigrate.MigrateFunc
	// Rollback undoes Migrate. Nil means the migration cannot be rolled back.
	Rollback gormigrate.RollbackFunc
	// NoTransaction runs Migrate outside a transaction, for statements that
	// refuse to run in one (CREATE INDEX CONCURRENTLY). If such a migration
	// fails half way, db.Migrate marks it failed and refuses to go on until
	// an operator has checked the database.
	NoTransaction bool
	// Checksum is the checksum of the migration's source file, from the
	// history's sum file; empty when unknown.
	Checksum string
}

// Gormigrate returns the migration as gormigrate's type.
func (m *Migration) Gormigrate() *gormigrate.Migration {
	return &gormigrate.Migration{ID: m.ID, Migrate: m.Migrate, Rollback: m.Rollback}
}

// Errors New returns (wrapped), for callers that branch on them.
var (
	ErrEmptyID     = errors.New("migration has an empty ID")
	ErrDuplicateID = errors.New("duplicate migration ID")
	ErrNoFunc      = errors.New("migration has no Migrate function")
	ErrUnknownPrev = errors.New("migration follows a parent that does not exist")
	ErrFork        = errors.New("the migration history forked")
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

// History is an ordered, validated chain of migrations.
type History struct {
	list []*Migration
	pos  map[string]int
}

// New orders ms into a chain from the migration with no parent to the head.
// It fails on empty or duplicate IDs, a missing Migrate function, a parent
// that does not exist, and forks. An empty ms is an empty history.
func New(ms ...Migration) (*History, error) {
	children := make(map[string][]*Migration, len(ms))
	seen := make(map[string]bool, len(ms))
	for i := range ms {
		m := &ms[i]
		switch {
		case m.ID == "":
			return nil, fmt.Errorf("migration %d (%q): %w", i, m.Message, ErrEmptyID)
		case seen[m.ID]:
			return nil, fmt.Errorf("migration %s: %w", m.ID, ErrDuplicateID)
		case m.Migrate == nil:
			return nil, fmt.Errorf("migration %s: %w", m.ID, ErrNoFunc)
		}
		seen[m.ID] = true
		children[m.Parent] = append(children[m.Parent], m)
	}
	for parent, kids := range children {
		if parent != "" && !seen[parent] {
			return nil, fmt.Errorf("migration %s: %w: %s", kids[0].ID, ErrUnknownPrev, parent)
		}
		if len(kids) > 1 {
			ids := make([]string, len(kids))
			for i, k := range kids {
				ids[i] = k.ID
			}
			slices.Sort(ids)
			return nil, &ForkError{Parent: parent, Children: ids}
		}
	}
	h := &History{pos: make(map[string]int, len(ms))}
	for next := children[""]; len(next) == 1; next = children[next[0].ID] {
		m := *next[0]
		h.pos[m.ID] = len(h.list)
		h.list = append(h.list, &m)
	}
	if len(h.list) != len(ms) {
		// Every parent exists and none is shared, so the rest form a cycle.
		return nil, fmt.Errorf("migrations form a cycle: %d of %d are not reachable from the first", len(ms)-len(h.list), len(ms))
	}
	return h, nil
}

// Len returns the number of migrations.
func (h *History) Len() int { return len(h.list) }

// Migrations returns the migrations in order. The slice is a copy; the
// migrations must not be modified.
func (h *History) Migrations() []*Migration { return slices.Clone(h.list) }

// At returns the i-th migration (0-based).
func (h *History) At(i int) *Migration { return h.list[i] }

// Head returns the ID of the last migration, or "" for an empty history.
func (h *History) Head() string {
	if len(h.list) == 0 {
		return ""
	}
	return h.list[len(h.list)-1].ID
}

// Position returns the index of the migration called id, and whether it exists.
func (h *History) Position(id string) (int, bool) {
	i, ok := h.pos[id]
	return i, ok
}

// Get returns the migration called id, or nil.
func (h *History) Get(id string) *Migration {
	if i, ok := h.pos[id]; ok {
		return h.list[i]
	}
	return nil
}
