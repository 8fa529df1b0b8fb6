package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// heads after three branches each added migrations from one head lists
// all three, and says merge joins them (not two).
func TestHeadsListsEveryHeadOfThreeBranches(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, m := range [][3]string{
		{"aaaaaaaaaaaa", "", "start"}, {"bbbbbbbbbbbb", "aaaaaaaaaaaa", "add nickname"},
		{"cccccccccccc", "aaaaaaaaaaaa", "add sort key"}, {"dddddddddddd", "aaaaaaaaaaaa", "add bookmarks"},
	} {
		src := "package migrations\n\nfunc init() {\n\tregister(history.Migration{ID: \"" + m[0] + "\", Parent: \"" + m[1] + "\"})\n}\n"
		if err := os.WriteFile(filepath.Join(dir, m[0]+"_"+strings.ReplaceAll(m[2], " ", "_")+".go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), Project{Name: "matardb"}, []string{"heads", "--dir", dir},
		strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
	if code != exitOK {
		t.Fatalf("heads exited %d: %s", code, stderr.String())
	}
	want := "bbbbbbbbbbbb (head), branched from aaaaaaaaaaaa: bbbbbbbbbbbb\n" +
		"cccccccccccc (head), branched from aaaaaaaaaaaa: cccccccccccc\n" +
		"dddddddddddd (head), branched from aaaaaaaaaaaa: dddddddddddd\n"
	if stdout.String() != want {
		t.Errorf("heads printed\n%s\nwant\n%s", stdout.String(), want)
	}
	wantContains(t, "stderr", stderr.String(), "3 heads", "`matardb merge` joins them")
}
