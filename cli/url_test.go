package cli

import (
	"strings"
	"testing"
)

// secret is a password that must never reach the output.
const secret = "s3cret-Pa55word"

func TestBadDatabaseURLExits1WithoutShowingThePassword(t *testing.T) {
	t.Parallel()
	urls := map[string]string{
		"unreachable":  "postgres://matar:" + secret + "@127.0.0.1:1/matar?sslmode=disable&connect_timeout=5",
		"malformed":    "postgres://matar:" + secret + "@127.0.0.1:notaport/matar",
		"bad scheme":   "mysql://matar:" + secret + "@127.0.0.1/matar",
		"unreachable2": "postgresql://matar:" + secret + "@127.0.0.1:1/matar?sslmode=disable",
	}
	for name, url := range urls {
		t.Run(name, func(t *testing.T) {
			for _, how := range []struct {
				name string
				run  func(args ...string) result
			}{
				{"DATABASE_URL", func(args ...string) result { return matardbAt(t, url, args...) }},
				{"--database-url", func(args ...string) result {
					return matardb(t, append([]string{"--database-url", url}, args...)...)
				}},
			} {
				r := how.run("upgrade")
				wantExit(t, r, exitFail)
				if strings.Contains(r.stdout+r.stderr, secret) {
					t.Errorf("%s: the output shows the password:\n%v", how.name, r)
				}
				if !strings.HasPrefix(r.stderr, "matardb: ") {
					t.Errorf("%s: stderr should start with one sentence, got:\n%s", how.name, r.stderr)
				}
			}
		})
	}
}

func TestScrubRemovesThePasswordOfAnyURL(t *testing.T) {
	t.Parallel()
	cases := map[string]string{ // URL: the password as a driver might quote it
		"postgres://u:" + secret + "@h/db":      secret,
		"postgres://u:" + secret + "@h:bad/db":  secret,
		"postgresql://u:s3cret%2FPa55word@h/db": "s3cret/Pa55word",
	}
	for url, pw := range cases {
		got := scrub("cannot connect to "+url+" as u with password "+pw, url)
		if strings.Contains(got, "Pa55word") {
			t.Errorf("scrub left the password of %q in: %s", url, got)
		}
	}
}
