package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one command of the command line.
type command struct {
	name    string
	args    string // the synopsis after the name
	summary string // one line for the program's usage
	about   string // more for the command's own usage; may be empty
	// setup defines the command's flags on fs and returns the function that
	// runs it with the positional arguments, once the flags are parsed.
	setup func(fs *flag.FlagSet, e *env) func(ctx context.Context, args []string) error
}

// commands lists every command, in the order usage shows them.
var commands = []*command{
	initCommand,
	revisionCommand,
	checkCommand,
	lintCommand,
	hashCommand,
	snapshotCommand,
	headsCommand,
	mergeCommand,
	showCommand,
	upgradeCommand,
	downgradeCommand,
	currentCommand,
	historyCommand,
	statusCommand,
	stampCommand,
	baselineCommand,
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// run parses the command's flags and runs it.
func (c *command) run(ctx context.Context, args []string, e *env) error {
	fs := newFlagSet(c.name)
	do := c.setup(fs, e)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagError(c, err, e)
	}
	err = do(ctx, pos)
	if u := (*usageError)(nil); errors.As(err, &u) && u.cmd == nil {
		u.cmd = c
	}
	return err
}

// printUsage prints the program's usage (p's), or c's when c is not nil.
func printUsage(w io.Writer, c *command, p *Project) {
	if c != nil {
		fmt.Fprintf(w, "Usage: %s [--database-url URL] %s %s\n\n%s\n", p.name(), c.name, c.args, c.summary)
		if c.about != "" {
			fmt.Fprintf(w, "\n%s\n", aboutFor(c.about, p))
		}
		fs := newFlagSet(c.name)
		c.setup(fs, &env{project: p})
		if hasFlags(fs) {
			fmt.Fprintln(w, "\nFlags:")
			printFlags(w, fs)
		}
		return
	}
	fmt.Fprintf(w, "Usage: %s [--database-url URL] COMMAND [ARGS]\n\nCommands:\n", p.name())
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
The database URL is --database-url, else $DATABASE_URL, else `+p.defaultURL()+`:
postgres://USER:PASSWORD@HOST:PORT/DATABASE (or postgresql://…) for PostgreSQL,
sqlite:PATH for a SQLite file.

Exit status: 0 success, 1 failure (check: models and migrations differ),
2 usage error. Run '`+p.name()+` help COMMAND' for a command's arguments and flags.
`)
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// aboutFor returns a command's about text for p: the texts spell the
// program "matardb", which p's own name replaces (matardb.sum, a file name,
// stays).
func aboutFor(about string, p *Project) string {
	return strings.ReplaceAll(about, "matardb ", p.name()+" ")
}
