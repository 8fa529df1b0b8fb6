package migdir

import "github.com/matar-app/matardb/db/lineage"

// Order returns the IDs of sources in history order, from their Parent
// links alone (lineage.Order): what the history will be once compiled,
// known without compiling it.
func Order(sources []Source) (lineage.Chain, error) {
	links := make([]lineage.Link, len(sources))
	for i, s := range sources {
		links[i] = lineage.Link{ID: s.ID, Parent: s.Parent}
	}
	return lineage.Order(links)
}
