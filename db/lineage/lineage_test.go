package lineage

import (
	"errors"
	"slices"
	"testing"
)

func TestOrderFollowsParentLinksNotInputOrder(t *testing.T) {
	got, err := Order([]Link{{"c", "b"}, {"a", ""}, {"b", "a"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
}

func TestOrderRejectsBrokenChains(t *testing.T) {
	for _, tc := range []struct {
		name  string
		links []Link
		want  error
	}{
		{"empty ID", []Link{{"", ""}}, ErrEmptyID},
		{"duplicate", []Link{{"a", ""}, {"a", ""}}, ErrDuplicateID},
		{"unknown parent", []Link{{"a", ""}, {"b", "x"}}, ErrUnknownPrev},
		{"fork", []Link{{"a", ""}, {"b", "a"}, {"c", "a"}}, ErrFork},
		{"two firsts", []Link{{"a", ""}, {"b", ""}}, ErrFork},
		{"cycle", []Link{{"a", ""}, {"b", "c"}, {"c", "b"}}, ErrCycle},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Order(tc.links); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestForkErrorNamesBothBranches(t *testing.T) {
	_, err := Order([]Link{{"a", ""}, {"c", "a"}, {"b", "a"}})
	var fork *ForkError
	if !errors.As(err, &fork) || fork.Parent != "a" || !slices.Equal(fork.Children, []string{"b", "c"}) {
		t.Fatalf("err = %#v, want a fork of a into b, c", err)
	}
}
