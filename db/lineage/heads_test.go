package lineage

import (
	"reflect"
	"testing"
)

func TestHeadsOfAChainAndOfTwoBranches(t *testing.T) {
	chain := []Link{{"a", ""}, {"b", "a"}, {"c", "b"}}
	got, err := Heads(chain)
	if err != nil || !reflect.DeepEqual(got, []Branch{{Head: "c", IDs: []string{"a", "b", "c"}}}) {
		t.Fatalf("Heads(chain) = %+v, %v", got, err)
	}
	forked := append(chain, Link{"x1", "c"}, Link{"x2", "x1"}, Link{"y1", "c"})
	got, err = Heads(forked)
	want := []Branch{{Head: "x2", Fork: "c", IDs: []string{"x1", "x2"}}, {Head: "y1", Fork: "c", IDs: []string{"y1"}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Heads(forked) = %+v, %v; want %+v", got, err, want)
	}
	if _, err := Heads([]Link{{"a", "zz"}}); err == nil {
		t.Fatal("a missing parent was accepted")
	}
}
