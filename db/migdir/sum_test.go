package migdir

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func migrationSource(id, parent string) string {
	return `package migrations

import "github.com/matar-app/matardb/db/history"

func init() {
	register(history.Migration{
		ID:      "` + id + `",
		Parent:  "` + parent + `",
		Migrate: nil,
	})
}
`
}

// writeDir makes a migrations directory with the named files.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func twoMigrations(t *testing.T) string {
	return writeDir(t, map[string]string{
		"aaa_first.go":  migrationSource("aaa", ""),
		"bbb_second.go": migrationSource("bbb", "aaa"),
		"migrations.go": "package migrations\n\nfunc register(any) {}\n",
		"x_test.go":     migrationSource("ccc", "bbb"),
	})
}

func TestMarshalParseRoundTripKeepsHistoryOrder(t *testing.T) {
	s := &Sum{Entries: []Entry{
		{ID: "bbb", File: "bbb_second.go", Hash: Hash([]byte("2"))},
		{ID: "aaa", File: "aaa_first.go", Hash: Hash([]byte("1"))},
	}}
	got, err := Parse(s.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("round trip = %+v, want %+v", got, s)
	}
}

func TestEmptySumIsValid(t *testing.T) {
	data := (&Sum{}).Marshal()
	if bytes.Count(data, []byte("\n")) != 1 {
		t.Fatalf("empty sum file = %q, want one checksum line", data)
	}
	m, err := Checksums(data)
	if err != nil || len(m) != 0 {
		t.Fatalf("Checksums(empty) = %v, %v", m, err)
	}
}

func TestParseRejectsCorruptFiles(t *testing.T) {
	good := (&Sum{Entries: []Entry{{ID: "aaa", File: "aaa_first.go", Hash: Hash([]byte("1"))}}}).Marshal()
	cases := map[string][]byte{
		"no checksum line":  []byte("aaa aaa_first.go " + Hash([]byte("1")) + "\n"),
		"entry edited":      bytes.Replace(good, []byte("aaa_first.go"), []byte("aaa_other.go"), 1),
		"line dropped":      good[:bytes.IndexByte(good, '\n')+1],
		"malformed entry":   append(bytes.Clone(good), "aaa\n"...),
		"path in file name": bytes.Replace(good, []byte("aaa_first.go"), []byte("../first.go"), 1),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(data)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Parse = %v, want ErrCorrupt", err)
			}
		})
	}
}

func TestParseRejectsDuplicateIDs(t *testing.T) {
	e := Entry{ID: "aaa", File: "aaa_first.go", Hash: Hash([]byte("1"))}
	f := e
	f.File = "aaa_again.go"
	if _, err := Parse((&Sum{Entries: []Entry{e, f}}).Marshal()); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Parse = %v, want ErrCorrupt", err)
	}
}

func TestForIDMapsEachMigrationToItsChecksum(t *testing.T) {
	dir := twoMigrations(t)
	s, err := Compute(dir, []string{"aaa", "bbb"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Checksums(s.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"aaa": Hash([]byte(migrationSource("aaa", ""))),
		"bbb": Hash([]byte(migrationSource("bbb", "aaa"))),
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("Checksums = %v, want %v", m, want)
	}
}

func TestScanFindsMigrationFilesByTheirRegisteredIDAndParent(t *testing.T) {
	files, err := Scan(twoMigrations(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{{ID: "aaa", Name: "aaa_first.go"}, {ID: "bbb", Name: "bbb_second.go", Parent: "aaa"}}
	if !reflect.DeepEqual(files, want) {
		t.Fatalf("Scan = %v, want %v", files, want)
	}
}

func TestScanRejectsAnIDRegisteredTwice(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"a.go": migrationSource("aaa", ""),
		"b.go": migrationSource("aaa", ""),
	})
	if _, err := Scan(dir); err == nil || !strings.Contains(err.Error(), "aaa") {
		t.Fatalf("Scan = %v, want an error naming aaa", err)
	}
}

func TestComputeFailsForAMigrationWithoutFile(t *testing.T) {
	if _, err := Compute(twoMigrations(t), []string{"aaa", "zzz"}); err == nil || !strings.Contains(err.Error(), "zzz") {
		t.Fatalf("Compute = %v, want an error naming zzz", err)
	}
}

func TestVerifyPassesWhenFilesMatch(t *testing.T) {
	dir := twoMigrations(t)
	record(t, dir, "aaa", "bbb")
	problems, err := Verify(dir)
	if err != nil || len(problems) != 0 {
		t.Fatalf("Verify = %v, %v; want no problems", problems, err)
	}
}

func TestVerifyReportsEditedUnlistedAndMissingFiles(t *testing.T) {
	dir := twoMigrations(t)
	record(t, dir, "aaa", "bbb")
	appendTo(t, filepath.Join(dir, "aaa_first.go"), "// an edit\n")
	if err := os.Remove(filepath.Join(dir, "bbb_second.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ddd_new.go"), []byte(migrationSource("ddd", "bbb")), 0o644); err != nil {
		t.Fatal(err)
	}
	problems, err := Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{Kind: Edited, ID: "aaa", File: "aaa_first.go"},
		{Kind: Missing, ID: "bbb", File: "bbb_second.go"},
		{Kind: Unlisted, ID: "ddd", File: "ddd_new.go"},
	}
	if !reflect.DeepEqual(problems, want) {
		t.Fatalf("Verify = %v, want %v", problems, want)
	}
	for _, p := range problems {
		if !strings.Contains(p.String(), p.ID) || !strings.Contains(p.String(), p.File) {
			t.Errorf("%q does not name the migration and its file", p)
		}
	}
}

func TestVerifyFailsOnACorruptSumFile(t *testing.T) {
	dir := twoMigrations(t)
	record(t, dir, "aaa", "bbb")
	appendTo(t, filepath.Join(dir, SumFile), "ccc ccc.go "+Hash(nil)+"\n")
	if _, err := Verify(dir); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Verify = %v, want ErrCorrupt", err)
	}
}

func TestWriteReplacesTheSumFile(t *testing.T) {
	dir := twoMigrations(t)
	record(t, dir, "aaa")
	record(t, dir, "aaa", "bbb")
	s, err := ReadSum(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Entries) != 2 {
		t.Fatalf("entries = %v, want aaa and bbb", s.Entries)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) != 0 {
		t.Fatalf("temporary files left behind: %v", leftovers)
	}
}

func record(t *testing.T, dir string, ids ...string) {
	t.Helper()
	s, err := Compute(dir, ids)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteSum(dir, s); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func TestScanRejectsAParentThatIsNotAStringLiteral(t *testing.T) {
	src := strings.Replace(migrationSource("bbb", ""), `Parent:  ""`, `Parent:  first`, 1)
	dir := writeDir(t, map[string]string{"b.go": src})
	if _, err := Scan(dir); err == nil || !strings.Contains(err.Error(), "Parent of migration bbb") {
		t.Fatalf("Scan = %v, want an error about bbb's Parent", err)
	}
}

func TestProblemsSayToRecordTheSumsOnlyForMigrationsNotAppliedAnywhere(t *testing.T) {
	for _, k := range []ProblemKind{Edited, Unlisted, Missing} {
		msg := Problem{Kind: k, ID: "aaa", File: "aaa_first.go"}.Describe("run the recorder")
		if !strings.Contains(msg, "run the recorder") || !strings.Contains(msg, "applied anywhere") {
			t.Errorf("%q should say to record the sums for a migration not applied anywhere", msg)
		}
		if !strings.Contains(Problem{Kind: k}.String(), "record the sums again") {
			t.Errorf("String of kind %d should say to record the sums again", k)
		}
	}
	edited := Problem{Kind: Edited, ID: "aaa", File: "aaa_first.go"}.String()
	if !strings.Contains(edited, "an applied migration must not be edited — write a new one") {
		t.Errorf("%q should say an applied migration must not be edited", edited)
	}
}

func TestACorruptSumFileSaysToRecordItAgain(t *testing.T) {
	for _, data := range []string{"garbage\n", "sha256:" + strings.Repeat("0", 64) + "\n"} {
		_, err := Parse([]byte(data))
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "record") {
			t.Errorf("Parse(%q) = %v, want ErrCorrupt saying to record it again", data, err)
		}
	}
}
