package cli

import "testing"

// heads after three branches each added migrations from one head lists
// all three, and says merge joins them (not two).
func TestHeadsListsEveryHeadOfThreeBranches(t *testing.T) {
	t.Parallel()
	stdout, stderr := runHeads(t, [][3]string{
		{"aaaaaaaaaaaa", "", "start"}, {"bbbbbbbbbbbb", "aaaaaaaaaaaa", "add nickname"},
		{"cccccccccccc", "aaaaaaaaaaaa", "add sort key"}, {"dddddddddddd", "aaaaaaaaaaaa", "add bookmarks"},
	})
	want := "bbbbbbbbbbbb (head), branched from aaaaaaaaaaaa: bbbbbbbbbbbb\n" +
		"cccccccccccc (head), branched from aaaaaaaaaaaa: cccccccccccc\n" +
		"dddddddddddd (head), branched from aaaaaaaaaaaa: dddddddddddd\n"
	if stdout != want {
		t.Errorf("heads printed\n%s\nwant\n%s", stdout, want)
	}
	wantContains(t, "stderr", stderr, "3 heads", "`matardb merge` joins them")
}
