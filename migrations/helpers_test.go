package migrations_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/migrations"
)

// theHistory returns the real history, failing t when it is not a chain.
func theHistory(t testing.TB) *history.History {
	t.Helper()
	h, err := migrations.All()
	if err != nil {
		t.Fatalf("migrations.All: %v", err)
	}
	return h
}

// readSchema reads gdb's schema from the catalog.
func readSchema(t testing.TB, gdb *gorm.DB) *schema.Schema {
	t.Helper()
	s, err := inspect.Schema(context.Background(), gdb)
	if err != nil {
		t.Fatalf("inspect schema: %v", err)
	}
	return s
}

// render gives s as indented JSON, for comparisons whose failures people read.
func render(t testing.TB, s *schema.Schema) string {
	t.Helper()
	c := s.Clone()
	c.Sort()
	if c.Tables == nil {
		c.Tables = []*schema.Table{}
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatalf("render schema: %v", err)
	}
	return string(b)
}

// sameSchema fails t, showing the difference, when got and want differ.
func sameSchema(t testing.TB, what string, got, want *schema.Schema) {
	t.Helper()
	if g, w := render(t, got), render(t, want); g != w {
		t.Fatalf("%s: schemas differ (- want, + got):\n%s", what, lineDiff(w, g))
	}
}

// lineDiff renders the lines of a and b that differ, "-" for a and "+" for b,
// with some context around each change.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	// lcs[i][j] is the length of the longest common subsequence of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			out = append(out, "  "+x[i])
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, "- "+x[i])
			i++
		default:
			out = append(out, "+ "+y[j])
			j++
		}
	}
	return strings.Join(trimContext(out), "\n")
}

// trimContext keeps changed lines and three unchanged lines either side.
func trimContext(lines []string) []string {
	keep := make([]bool, len(lines))
	for i, l := range lines {
		if !strings.HasPrefix(l, "  ") {
			for k := max(0, i-3); k <= min(len(lines)-1, i+3); k++ {
				keep[k] = true
			}
		}
	}
	var out []string
	for i, l := range lines {
		if keep[i] {
			out = append(out, l)
		} else if len(out) > 0 && out[len(out)-1] != "  …" {
			out = append(out, "  …")
		}
	}
	return out
}

// ids returns the IDs of h's migrations in order.
func ids(h *history.History) []string {
	var out []string
	for _, m := range h.Migrations() {
		out = append(out, m.ID)
	}
	return out
}
