package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/matar-app/matardb/internal/testdb"
)

// branchTable is a pull request that adds one table: a model file, and
// its entry in models.All after the line after.
type branchTable struct {
	branch, model, table, after string
}

// Three pull requests each generated a migration from the same head and
// were merged into main the same day: three heads, which merge refused to
// join. Now merge moves two branches onto the third, check passes, and the
// joined history builds every table on a fresh PostgreSQL database.
func TestThreeBranchesGeneratedFromOneHeadEndInMergeCheckAndUpgrade(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipping: compiles a copy of the module several times")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("skipping: needs git")
	}
	pg := testdb.PostgresURL(t)
	s := gitScratch(t)

	// Each branch's entry in models.All is apart from the others', so that
	// git merges models.go; only schema.json and matardb.sum conflict.
	branches := []branchTable{
		{"bookmarks", "Bookmark", "bookmark", "\treturn []any{\n"},
		{"tags", "Tag", "tag", "\t\t&Category{},\n"},
		{"mutes", "Mute", "mute", "\t\t&PostActivity{},\n"},
	}
	for _, b := range branches {
		s.git(t, false, "checkout", "-q", "main")
		s.git(t, false, "checkout", "-qb", b.branch)
		src := "package models\n\n// " + b.model + " is a row of the table " + b.table + ".\ntype " + b.model + " struct {\n" +
			"\tID   string  `gorm:\"column:_id;primaryKey;type:varchar\"`\n" +
			"\tNote *string `gorm:\"column:note;type:varchar\"`\n}\n\n" +
			"// TableName is the table's name.\nfunc (" + b.model + ") TableName() string { return \"" + b.table + "\" }\n"
		if err := os.WriteFile(filepath.Join(s.dir, "models", b.table+".go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		s.edit(t, "models/models.go", b.after, b.after+"\t\t&"+b.model+"{},\n")
		s.build(t)
		s.matardb(t, "revision", "-m", "create "+b.table, "--autogenerate")
		s.git(t, false, "add", "-A")
		s.git(t, false, "commit", "-qm", b.branch)
	}

	s.git(t, false, "checkout", "-q", "main")
	for i, b := range branches {
		s.git(t, i > 0, "merge", "-q", "--no-edit", b.branch) // schema.json and matardb.sum conflict
		if i == 0 {
			continue
		}
		for _, f := range []string{"migrations/schema.json", "migrations/matardb.sum"} {
			s.git(t, false, "checkout", "--theirs", f)
		}
		s.git(t, false, "add", "-A")
		s.git(t, false, "commit", "-qm", "merge "+b.branch)
	}
	s.build(t)
	heads := s.matardb(t, "heads")
	if strings.Count(heads, "(head)") != 3 {
		t.Fatalf("heads after merging three branches:\n%s", heads)
	}
	out := s.matardb(t, "merge")
	if strings.Count("\n"+out, "\nmoved ") != 2 {
		t.Fatalf("merge of three heads printed:\n%s", out)
	}
	s.build(t)
	s.matardb(t, "check")
	if heads := s.matardb(t, "heads"); strings.Count(heads, "(head)") != 1 {
		t.Fatalf("heads after merge:\n%s", heads)
	}
	s.matardb(t, "--database-url", pg, "upgrade")
	got := catalog(t, pg)
	for _, b := range branches {
		if got.Table(b.table) == nil {
			t.Errorf("after upgrading the merged history the database has no table %s; it has %v", b.table, got.TableNames())
		}
	}
	status := s.matardb(t, "--database-url", pg, "status")
	if !strings.Contains(status, "0 pending") {
		t.Errorf("status after upgrading the merged history:\n%s", status)
	}
}
