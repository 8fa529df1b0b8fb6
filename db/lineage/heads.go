package lineage

import (
	"fmt"
	"slices"
)

// Branch is one line of a forked history: the migrations after the point
// where it left the others, oldest first, ending at its head.
type Branch struct {
	Head string
	// Fork is the last migration the branch shares with the others ("" for
	// none: the branch starts a history of its own).
	Fork string
	// IDs are the branch's own migrations, oldest first; the last is Head.
	IDs []string
}

// Heads returns the branches of links, one per head (a migration no other
// follows), sorted by head ID: one branch for a chain, two or more after
// two lines of development each added migrations. Each branch's IDs start
// after the last migration it shares with any other branch. It fails on
// empty or duplicate IDs, a parent that does not exist, and a cycle.
func Heads(links []Link) ([]Branch, error) {
	parent := make(map[string]string, len(links))
	children := map[string]int{}
	for i, l := range links {
		switch _, dup := parent[l.ID]; {
		case l.ID == "":
			return nil, fmt.Errorf("migration %d: %w", i, ErrEmptyID)
		case dup:
			return nil, fmt.Errorf("migration %s: %w", l.ID, ErrDuplicateID)
		}
		parent[l.ID] = l.Parent
		children[l.Parent]++
	}
	var heads []string
	for _, l := range links {
		if p := l.Parent; p != "" {
			if _, ok := parent[p]; !ok {
				return nil, fmt.Errorf("migration %s: %w: %s", l.ID, ErrUnknownPrev, p)
			}
		}
		if children[l.ID] == 0 {
			heads = append(heads, l.ID)
		}
	}
	slices.Sort(heads)
	branches := make([]Branch, 0, len(heads))
	for _, h := range heads {
		path, err := ancestry(parent, h)
		if err != nil {
			return nil, err
		}
		branches = append(branches, ownPart(path, children, h))
	}
	return branches, nil
}

// ancestry returns the IDs from the first migration to id.
func ancestry(parent map[string]string, id string) ([]string, error) {
	var path []string
	for cur := id; cur != ""; cur = parent[cur] {
		if len(path) > len(parent) {
			return nil, fmt.Errorf("%w: through %s", ErrCycle, id)
		}
		path = append(path, cur)
	}
	slices.Reverse(path)
	return path, nil
}

// ownPart cuts path (first to head) after its last migration that has
// several children: the point where the branch left the others.
func ownPart(path []string, children map[string]int, head string) Branch {
	b := Branch{Head: head}
	start := 0
	for i, id := range path {
		if children[id] > 1 {
			b.Fork, start = id, i+1
		}
	}
	b.IDs = slices.Clone(path[start:])
	return b
}
