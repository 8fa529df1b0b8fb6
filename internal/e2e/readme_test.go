package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeSection returns the README's section that starts with heading.
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README has no section %q", heading)
	}
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

var (
	fencedGo  = regexp.MustCompile("(?s)```go\n(.*?)```")
	fencedSh  = regexp.MustCompile("(?s)```sh\n(.*?)```")
	goRunArgs = regexp.MustCompile(`go run \./cmd/matardb ([^#\n]*)`)
)

// commands returns the matardb arguments of the section's go run lines.
func commands(section string) [][]string {
	var out [][]string
	for _, block := range fencedSh.FindAllStringSubmatch(section, -1) {
		for _, m := range goRunArgs.FindAllStringSubmatch(block[1], -1) {
			out = append(out, splitQuoted(strings.TrimSpace(m[1])))
		}
	}
	return out
}

// splitQuoted splits a command line on spaces, keeping "double-quoted" words.
func splitQuoted(s string) []string {
	var out []string
	for s != "" {
		s = strings.TrimLeft(s, " ")
		if strings.HasPrefix(s, `"`) {
			end := strings.Index(s[1:], `"`) + 1
			out, s = append(out, s[1:end]), s[end+1:]
			continue
		}
		word, rest, _ := strings.Cut(s, " ")
		out, s = append(out, word), rest
	}
	return out
}

// The README's "Changing the schema" and "Writing a migration by hand",
// followed literally: its commands and its code, in a scratch module.
func TestTheReadmeSectionsOnChangingTheSchemaWork(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: compiles a copy of the module several times")
	}
	s := newScratch(t)
	s.realModels(t)

	// Changing the schema: 1. change a struct, 2. generate, 3. check.
	change := readmeSection(t, "## Changing the schema")
	cmds := commands(change)
	if len(cmds) < 1 || cmds[0][0] != "revision" {
		t.Fatalf("the section's first command is not a revision: %q", cmds)
	}
	s.edit(t, "models/user.go", "\tRoles    Roles    `gorm:\"column:roles;type:json\"`\n",
		"\tRoles    Roles    `gorm:\"column:roles;type:json\"`\n\tBio      *string  `gorm:\"column:bio;type:varchar\"`\n")
	s.build(t)
	out := s.matardb(t, cmds[0]...)
	if !strings.Contains(out, `add column "user"."bio"`) {
		t.Fatalf("revision printed:\n%s", out)
	}
	s.build(t)
	s.matardb(t, "check")

	// Writing a migration by hand: the empty revision, filled with the
	// README's code, the README's model field, then its commands.
	hand := readmeSection(t, "## Writing a migration by hand")
	m := regexp.MustCompile("`go run \\./cmd/matardb (revision -m \"[^\"]+\")`").FindStringSubmatch(hand)
	if m == nil {
		t.Fatal("the section names no revision -m command")
	}
	path := strings.TrimSpace(s.matardb(t, splitQuoted(m[1])...))
	if !filepath.IsAbs(path) {
		path = filepath.Join(s.dir, path)
	}
	blocks := fencedGo.FindAllStringSubmatch(hand, -1)
	if len(blocks) != 2 {
		t.Fatalf("the section has %d Go blocks, want the migration's and the model field", len(blocks))
	}
	fill(t, path, blocks[0][1])
	s.edit(t, "models/post.go", "type Post struct {\n\tBase\n",
		"type Post struct {\n\tBase\n\t"+strings.TrimSpace(blocks[1][1])+"\n")
	s.build(t)
	for _, args := range commands(hand) {
		s.matardb(t, args...)
	}
	s.build(t)
	s.matardb(t, "check")
	if out := s.matardb(t, "revision", "-m", "nothing", "--autogenerate"); !strings.Contains(out, "No changes detected") {
		t.Fatalf("after the hand-written migration, revision generated:\n%s", out)
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "readme.db")
	s.matardb(t, "--database-url", db, "upgrade")
	s.matardb(t, "--database-url", db, "downgrade", "--yes", "-1")
}

// fill replaces the empty Migrate and Rollback of the migration at path by
// body (the README's fields) and imports package op.
func fill(t *testing.T, path, body string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	start := strings.Index(src, "\t\tMigrate: func(tx *gorm.DB) error {")
	end := strings.Index(src, "\t})\n}")
	if start < 0 || end < start {
		t.Fatalf("no empty Migrate and Rollback in:\n%s", src)
	}
	src = src[:start] + body + src[end:]
	src = strings.Replace(src, "\"github.com/matar-app/matardb/db/history\"\n",
		"\"github.com/matar-app/matardb/db/history\"\n\t\"github.com/matar-app/matardb/db/op\"\n", 1)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}
