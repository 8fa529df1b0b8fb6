package traffic

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Step is part of a migration: statements run in one transaction, or each
// on its own when InTransaction is false (CONCURRENTLY must).
type Step struct {
	SQL           []string
	InTransaction bool
	// Hold keeps the transaction open that long after its last statement,
	// standing for the rest of a migration that runs in the same
	// transaction; the locks it took are held until then.
	Hold time.Duration
}

// Apply runs steps on conn in order and returns how long they took.
func Apply(ctx context.Context, conn *pgx.Conn, steps []Step) (time.Duration, error) {
	start := time.Now()
	for i, s := range steps {
		if err := applyStep(ctx, conn, s); err != nil {
			return 0, fmt.Errorf("traffic: step %d: %w", i+1, err)
		}
	}
	return time.Since(start), nil
}

func applyStep(ctx context.Context, conn *pgx.Conn, s Step) error {
	if !s.InTransaction {
		return execAll(ctx, conn, s.SQL)
	}
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if err := execAll(ctx, tx.Conn(), s.SQL); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(s.Hold):
			return nil
		}
	})
}

func execAll(ctx context.Context, conn *pgx.Conn, sqls []string) error {
	for _, q := range sqls {
		if _, err := conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}
