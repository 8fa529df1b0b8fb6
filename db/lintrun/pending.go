package lintrun

import (
	"context"
	"fmt"

	"github.com/matar-app/matardb/db/migrator"
)

// Pending judges the migrations m's database has not applied (State
// StatePending; a failed or interrupted one is judged too). It reads the
// bookkeeping table and changes nothing. They run together on the next
// upgrade: lint them with Options.Together.
func Pending(ctx context.Context, m *migrator.Migrator) (func(id string) bool, error) {
	st, err := m.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("find the pending migrations: %w", err)
	}
	var ids []string
	for _, s := range st {
		if s.Known && s.State != migrator.StateApplied && s.State != migrator.StateStamped && s.State != migrator.StateAdopted {
			ids = append(ids, s.ID)
		}
	}
	return Only(ids...), nil
}
