package cli

import (
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/autogen"
)

func TestUsageErrorsExit2WithOneSentenceAndUsageOnStderr(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		says string
	}{
		{"no command", nil, "no command given"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown global flag", []string{"--bogus", "current"}, "-bogus"},
		{"unknown command flag", []string{"upgrade", "--bogus"}, "-bogus"},
		{"flag without its value", []string{"upgrade", "--lock-wait"}, "lock-wait"},
		{"bad duration", []string{"upgrade", "--lock-wait", "soon"}, "lock-wait"},
		{"revision without -m", []string{"revision", "--autogenerate"}, "missing -m"},
		{"revision with blank -m", []string{"revision", "-m", "  "}, "missing -m"},
		{"rename without =", []string{"revision", "-m", "x", "--autogenerate", "--rename", "post.title"}, "bad --rename"},
		{"rename with two dots", []string{"revision", "-m", "x", "--autogenerate", "--rename", "a.b.c=d"}, "bad --rename"},
		{"rename to a dotted name", []string{"revision", "-m", "x", "--autogenerate", "--rename", "post.a=post.b"}, "bad --rename"},
		{"default without value", []string{"revision", "-m", "x", "--autogenerate", "--default", "post.title="}, "bad --default"},
		{"default without table", []string{"revision", "-m", "x", "--autogenerate", "--default", "title=1"}, "bad --default"},
		{"hints without autogenerate", []string{"revision", "-m", "x", "--allow-data-loss"}, "only apply with --autogenerate"},
		{"revision argument", []string{"revision", "-m", "x", "extra"}, `unexpected argument "extra"`},
		{"downgrade without target", []string{"downgrade"}, "missing TARGET"},
		{"stamp without target", []string{"stamp"}, "missing TARGET"},
		{"downgrade two targets", []string{"downgrade", "-1", "base"}, "expected one TARGET"},
		{"upgrade two targets", []string{"upgrade", "a", "b"}, "at most one TARGET"},
		{"dialect without --sql", []string{"upgrade", "--dialect", "sqlite"}, "--dialect only applies with --sql"},
		{"unknown dialect", []string{"upgrade", "--sql", "--dialect", "oracle"}, `--dialect "oracle"`},
		{"check argument", []string{"check", "now"}, `unexpected argument "now"`},
		{"hash argument", []string{"hash", "now"}, `unexpected argument "now"`},
		{"hash without a directory", []string{"hash", "--dir", ""}, "--dir is empty"},
		{"history argument", []string{"history", "all"}, `unexpected argument "all"`},
		{"help for an unknown command", []string{"help", "frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := matardb(t, c.args...)
			wantExit(t, r, exitUsage)
			first, _, _ := strings.Cut(r.stderr, "\n")
			if !strings.HasPrefix(first, "matardb: ") || !strings.Contains(first, c.says) {
				t.Errorf("first line of stderr should be one sentence saying %q, got %q", c.says, first)
			}
			wantContains(t, "stderr", r.stderr, "Usage: matardb")
			if r.stdout != "" {
				t.Errorf("stdout should be empty, got:\n%s", r.stdout)
			}
		})
	}
}

func TestUsageErrorOfACommandShowsThatCommandsFlags(t *testing.T) {
	t.Parallel()
	r := matardb(t, "revision", "--autogenerate")
	wantExit(t, r, exitUsage)
	wantContains(t, "stderr", r.stderr, "Usage: matardb [--database-url URL] revision", "--allow-data-loss", "--rename TABLE.OLD=NEW")
}

func TestHelpPrintsUsageOnStdoutAndExits0(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := matardb(t, args...)
		wantExit(t, r, exitOK)
		wantContains(t, "stdout of "+strings.Join(args, " "), r.stdout, "Usage: matardb", "revision", "check", "hash", "upgrade",
			"downgrade", "current", "history", "status", "stamp", "DATABASE_URL", "sqlite:matar.db")
	}
	for _, args := range [][]string{{"help", "downgrade"}, {"downgrade", "-h"}, {"downgrade", "--help"}} {
		r := matardb(t, args...)
		wantExit(t, r, exitOK)
		wantContains(t, "stdout of "+strings.Join(args, " "), r.stdout, "downgrade [--yes] TARGET", "-N", "base", "--lock-wait")
	}
}

func TestFlagsMayFollowPositionalArguments(t *testing.T) {
	t.Parallel()
	r := matardb(t, "upgrade", "head", "--sql", "--dialect", "postgres")
	wantExit(t, r, exitOK)
	wantContains(t, "stdout", r.stdout, `CREATE TABLE "organization"`)
}

func TestParseRenameAndDefault(t *testing.T) {
	t.Parallel()
	good := map[string]autogen.Rename{
		"post.title=headline": {Table: "post", From: "title", To: "headline"},
		"post=article":        {From: "post", To: "article"},
	}
	for in, want := range good {
		got, err := parseRename(in)
		if err != nil || got != want {
			t.Errorf("parseRename(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	got, err := parseDefault("user.language='hindi = default'")
	want := backfill{Table: "user", Column: "language", Value: "'hindi = default'"}
	if err != nil || got != want {
		t.Errorf("parseDefault = %+v, %v; want %+v", got, err, want)
	}
}
