package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// errHelpShown reports that usage was printed on request (-h, help): exit 0.
var errHelpShown = errors.New("help shown")

// usageError is a command line the user must correct: exit 2, with usage.
type usageError struct {
	cmd *command // nil for the program's own usage
	msg string
}

func (e *usageError) Error() string { return e.msg }

// usagef returns a usage error for the command being run.
func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// newFlagSet returns a flag set that reports errors instead of printing them
// or exiting, so that run decides the output and the exit status.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// flagError turns an error of flag parsing into help or a usage error.
func flagError(c *command, err error, e *env) error {
	if errors.Is(err, flag.ErrHelp) {
		printUsage(e.stdout, c, e.project)
		return errHelpShown
	}
	return &usageError{cmd: c, msg: err.Error()}
}

// parseGlobal parses the program's own flags, which stop at the command name.
func parseGlobal(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return fs.Args(), nil
}

// negativeNumber matches a positional argument such as downgrade's -1,
// which the flag package would take for a flag.
var negativeNumber = regexp.MustCompile(`^-[0-9]+$`)

// parseInterspersed parses a command's flags wherever they stand among its
// positional arguments (`upgrade head --sql` as well as `upgrade --sql head`)
// and returns the positional arguments. "--" ends the flags; a negative
// number is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case a == "-" || !strings.HasPrefix(a, "-") || negativeNumber.MatchString(a):
			pos = append(pos, a)
		case takesValue(fs, a) && i+1 < len(args):
			flags = append(flags, a, args[i+1])
			i++
		default:
			flags = append(flags, a)
		}
	}
	if err := fs.Parse(flags); err != nil {
		return nil, err
	}
	return append(pos, fs.Args()...), nil
}

// takesValue reports whether arg is a known non-boolean flag written
// without "=value", so the next argument is its value.
func takesValue(fs *flag.FlagSet, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// listFlag is a flag that may be repeated; each use adds one value.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ", ") }

func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// printFlags lists fs's flags in the --name form the contract uses.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0s" && f.DefValue != "[]" {
			text += " (default " + f.DefValue + ")"
		}
		dashes := "--"
		if len(f.Name) == 1 {
			dashes = "-"
		}
		fmt.Fprintf(w, "  %s%s%s\n    \t%s\n", dashes, f.Name, arg, text)
	})
}

// dirFlag defines --dir, the migrations directory (default the project's,
// "migrations" unless it names another), for the commands that work on
// the files: revision, check and hash.
func dirFlag(fs *flag.FlagSet, e *env, dir *string) {
	fs.StringVar(dir, "dir", e.project.dir(), "the migrations `DIR`ectory")
}

// noArgs fails, as a usage error, on arguments or an empty --dir for the
// commands that take only --dir.
func noArgs(args []string, dir string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if dir == "" {
		return usagef("--dir is empty")
	}
	return nil
}

// dirCommand completes c as a command that takes only --dir and runs f
// with it.
func dirCommand(c *command, f func(ctx context.Context, e *env, dir string) error) *command {
	c.setup = func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
		var dir string
		dirFlag(fs, e, &dir)
		return func(ctx context.Context, args []string) error {
			if err := noArgs(args, dir); err != nil {
				return err
			}
			return f(ctx, e, dir)
		}
	}
	return c
}
