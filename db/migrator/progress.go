package migrator

import (
	"context"
	"time"

	"github.com/matar-app/matardb/db/history"
)

// stillRunning logs "<what> still running" about m every
// cfg.progressInterval from start until the returned stop is called. stop
// returns once no more line can be logged, so the caller's "finished" line
// comes last.
func stillRunning(ctx context.Context, cfg *config, what string, m *history.Migration, start time.Time) (stop func()) {
	quit := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		tick := time.NewTicker(cfg.progressInterval)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				cfg.logger.InfoContext(ctx, what+" still running", "id", m.ID, "message", m.Message,
					"elapsed", time.Since(start).Round(100*time.Millisecond))
			}
		}
	}()
	return func() {
		close(quit)
		<-exited
	}
}
