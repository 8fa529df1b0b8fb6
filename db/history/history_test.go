package history

import (
	"errors"
	"testing"

	"gorm.io/gorm"
)

func noop(*gorm.DB) error { return nil }

func mig(id, parent string) Migration { return Migration{ID: id, Parent: parent, Migrate: noop} }

func TestNewOrdersByParentLinksNotByInputOrder(t *testing.T) {
	h, err := New(mig("c", "b"), mig("a", ""), mig("b", "a"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range h.Migrations() {
		got = append(got, m.ID)
	}
	if want := []string{"a", "b", "c"}; !equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	if h.Head() != "c" {
		t.Fatalf("head = %q, want c", h.Head())
	}
	if i, ok := h.Position("b"); !ok || i != 1 {
		t.Fatalf("Position(b) = %d, %v", i, ok)
	}
}

func TestNewReportsForkNamingBothBranches(t *testing.T) {
	_, err := New(mig("a", ""), mig("b", "a"), mig("c", "a"))
	var fork *ForkError
	if !errors.As(err, &fork) || !errors.Is(err, ErrFork) {
		t.Fatalf("err = %v, want a ForkError", err)
	}
	if fork.Parent != "a" || !equal(fork.Children, []string{"b", "c"}) {
		t.Fatalf("fork = %+v", fork)
	}
}

func TestNewRejectsBadSets(t *testing.T) {
	cases := map[string]struct {
		ms   []Migration
		want error
	}{
		"empty id":       {[]Migration{mig("", "")}, ErrEmptyID},
		"duplicate id":   {[]Migration{mig("a", ""), mig("a", "a")}, ErrDuplicateID},
		"missing parent": {[]Migration{mig("a", ""), mig("b", "x")}, ErrUnknownPrev},
		"two roots":      {[]Migration{mig("a", ""), mig("b", "")}, ErrFork},
		"no func":        {[]Migration{{ID: "a"}}, ErrNoFunc},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := New(c.ms...); !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestNewRejectsCycle(t *testing.T) {
	if _, err := New(mig("a", ""), mig("b", "c"), mig("c", "b")); err == nil {
		t.Fatal("a cycle was accepted")
	}
}

func TestEmptyHistoryHasNoHead(t *testing.T) {
	h, err := New()
	if err != nil || h.Len() != 0 || h.Head() != "" {
		t.Fatalf("h=%v err=%v", h, err)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
