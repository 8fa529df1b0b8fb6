package connect

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/matar-app/matardb/internal/silentserver"
)

func TestOpenOfASilentServerFailsWithinTheConnectTimeout(t *testing.T) {
	base := "postgres://postgres@" + silentserver.Start(t) + "/test?sslmode=disable"
	for name, c := range map[string]struct {
		url   string
		opts  []Option
		bound time.Duration
	}{
		"URL connect_timeout": {base + "&connect_timeout=1", nil, time.Second},
		"WithConnectTimeout":  {base, []Option{WithConnectTimeout(time.Second)}, time.Second},
		"URL over option":     {base + "&connect_timeout=1", []Option{WithConnectTimeout(time.Minute)}, time.Second},
		"default":             {base, nil, DefaultConnectTimeout},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			_, err := Open(ctx, c.url, c.opts...)
			took := time.Since(start)
			if !errors.Is(err, ErrConnectTimeout) || !strings.Contains(err.Error(), "connect timeout") {
				t.Fatalf("err = %v, want ErrConnectTimeout naming the connect timeout", err)
			}
			if took < c.bound-100*time.Millisecond || took > c.bound+2*time.Second {
				t.Errorf("Open gave up after %v, want about %v", took, c.bound)
			}
		})
	}
}
