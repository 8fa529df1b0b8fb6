// Package history orders a set of migrations into the one chain that
// db.Migrate runs, and refuses sets that are not a chain.
//
// Each migration names its parent, as an Alembic revision names its
// down_revision; the order comes from those links alone (package lineage),
// so it is deterministic, and two migrations that name the same parent are
// reported as a fork instead of being run in an arbitrary order.
//
// A History is immutable once built and safe for concurrent use.
package history

import (
	"errors"
	"fmt"
	"slices"

	"github.com/go-gormigrate/gormigrate/v2"

	"github.com/matar-app/matardb/db/lineage"
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

// Errors New returns (wrapped), for callers that branch on them. All but
// ErrNoFunc come from lineage, which orders the parent links.
var (
	ErrEmptyID     = lineage.ErrEmptyID
	ErrDuplicateID = lineage.ErrDuplicateID
	ErrNoFunc      = errors.New("migration has no Migrate function")
	ErrUnknownPrev = lineage.ErrUnknownPrev
	ErrFork        = lineage.ErrFork
)

// ForkError reports migrations that follow the same parent.
type ForkError = lineage.ForkError

// History is an ordered, validated chain of migrations.
type History struct {
	list []*Migration
	pos  map[string]int
}

// New orders ms into a chain from the migration with no parent to the head.
// It fails on empty or duplicate IDs, a missing Migrate function, a parent
// that does not exist, and forks. An empty ms is an empty history.
func New(ms ...Migration) (*History, error) {
	links := make([]lineage.Link, len(ms))
	byID := make(map[string]*Migration, len(ms))
	for i := range ms {
		m := &ms[i]
		switch {
		case m.ID == "":
			return nil, fmt.Errorf("migration %d (%q): %w", i, m.Message, ErrEmptyID)
		case m.Migrate == nil && byID[m.ID] == nil:
			return nil, fmt.Errorf("migration %s: %w", m.ID, ErrNoFunc)
		}
		links[i] = lineage.Link{ID: m.ID, Parent: m.Parent}
		if byID[m.ID] == nil {
			byID[m.ID] = m
		}
	}
	order, err := lineage.Order(links)
	if err != nil {
		return nil, err
	}
	h := &History{list: make([]*Migration, len(order)), pos: make(map[string]int, len(order))}
	for i, id := range order {
		m := *byID[id]
		h.list[i], h.pos[id] = &m, i
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

// Chain returns the IDs of the migrations in order, for code that needs
// the order but not the functions (the autogenerator).
func (h *History) Chain() lineage.Chain {
	ids := make(lineage.Chain, len(h.list))
	for i, m := range h.list {
		ids[i] = m.ID
	}
	return ids
}
