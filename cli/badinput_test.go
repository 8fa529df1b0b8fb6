package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// wantOneSentence fails t unless stderr is one line, starting "matardb: "
// and containing each of subs.
func wantOneSentence(t *testing.T, what string, r result, subs ...string) {
	t.Helper()
	if !strings.HasPrefix(r.stderr, "matardb: ") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("%s: stderr should be one line starting \"matardb: \", got:\n%s", what, r.stderr)
	}
	wantContains(t, what+" stderr", r.stderr, subs...)
}

func TestCheckAndRevisionRefuseACorruptSnapshotOrSumFileNamingIt(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		file, content string
		says          []string
	}{
		{"schema.json", `{"head": "` + "29edbf20051e" + `", "schema": {`, []string{"corrupt schema snapshot"}},
		{"matardb.sum", "<<<<<<< HEAD\n", []string{"corrupt matardb.sum", "`matardb hash`"}},
		{"matardb.sum", "sha256:" + strings.Repeat("0", 64) + "\n29edbf20051e x.go sha256:" + strings.Repeat("1", 64) + "\n",
			[]string{"corrupt matardb.sum", "does not match its entries"}},
	} {
		dir := copyMigrations(t)
		path := filepath.Join(dir, c.file)
		if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		before := dirState(t, dir)
		for _, args := range [][]string{
			{"check", "--dir", dir},
			{"revision", "-m", "x", "--autogenerate", "--dir", dir},
			{"revision", "-m", "x", "--dir", dir},
		} {
			what := strings.Join(args[:len(args)-2], " ") + " with a corrupt " + c.file
			r := matardb(t, args...)
			wantExit(t, r, exitFail)
			wantOneSentence(t, what, r, append([]string{path}, c.says...)...)
			if r.stdout != "" {
				t.Errorf("%s: stdout should be empty, got %q", what, r.stdout)
			}
			wantUnchanged(t, dir, before)
		}
	}
}

// bookkeeping reads every column of every bookkeeping row.
func bookkeeping(t *testing.T, gdb *gorm.DB) []map[string]any {
	t.Helper()
	var rows []map[string]any
	if err := gdb.Raw(`SELECT * FROM migrations ORDER BY seq, id`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestATargetThatDoesNotExistFailsChangingNothing(t *testing.T) {
	t.Parallel()
	h := theHistory(t)
	onBoth(t, func(t *testing.T, url string) {
		wantExit(t, matardbAt(t, url, "upgrade", h.At(1).ID), exitOK)
		gdb := open(t, url)
		rows, tables := bookkeeping(t, gdb), schemaOf(t, gdb)
		for _, args := range [][]string{
			{"upgrade", "feedfacecafe"},
			{"upgrade", "base"}, // upgrade only goes forward
			{"downgrade", "feedfacecafe"},
			{"downgrade", "-3"},
			{"stamp", "feedfacecafe"},
			{"stamp", "-1"},
		} {
			what := strings.Join(args, " ")
			r := matardbAt(t, url, args...)
			wantExit(t, r, exitFail)
			wantOneSentence(t, what, r, `"`+args[1]+`"`)
			if got := bookkeeping(t, gdb); !reflect.DeepEqual(got, rows) {
				t.Errorf("%s changed the bookkeeping:\n got %v\nwant %v", what, got, rows)
			}
			if got := schemaOf(t, gdb); !reflect.DeepEqual(got, tables) {
				t.Errorf("%s changed the schema", what)
			}
		}
	})
}
