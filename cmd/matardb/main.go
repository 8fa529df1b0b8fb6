// Command matardb generates, checks and applies Matar's schema migrations.
//
//	matardb [--database-url URL] COMMAND [ARGS]
//
// The database URL comes from --database-url, else DATABASE_URL, else the
// embedded default sqlite:matar.db; it is postgres://… or postgresql://… for
// PostgreSQL and sqlite:PATH for a SQLite file. Results go to stdout; progress
// and errors go to stderr, an error's first line being one sentence that never
// contains the database password.
//
// Exit status: 0 success, 1 failure (or, for check, models and migrations
// that differ), 2 a usage error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &env{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
	})
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// env is what a command may touch of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	urlFlag        string // from --database-url; "" when not given
}

// run parses the global flags, runs the command and returns the exit status.
func run(ctx context.Context, args []string, e *env) int {
	err := dispatch(ctx, args, e)
	var usage *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelpShown):
		return exitOK
	case errors.As(err, &usage):
		fmt.Fprintf(e.stderr, "matardb: %s\n\n", scrub(usage.msg, e.databaseURL()))
		printUsage(e.stderr, usage.cmd)
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "matardb: %s\n", scrub(err.Error(), e.databaseURL()))
		return exitFail
	}
}

func dispatch(ctx context.Context, args []string, e *env) error {
	fs := newFlagSet("")
	urlFlag(fs, e)
	rest, err := parseGlobal(fs, args)
	if err != nil {
		return flagError(nil, err, e)
	}
	if len(rest) == 0 {
		return &usageError{msg: "no command given"}
	}
	name, args := rest[0], rest[1:]
	if name == "help" {
		return help(args, e)
	}
	c := lookup(name)
	if c == nil {
		return &usageError{msg: fmt.Sprintf("unknown command %q", name)}
	}
	return c.run(ctx, args, e)
}

// help prints the usage of matardb or of one command to stdout.
func help(args []string, e *env) error {
	switch len(args) {
	case 0:
		printUsage(e.stdout, nil)
	case 1:
		c := lookup(args[0])
		if c == nil {
			return &usageError{msg: fmt.Sprintf("unknown command %q", args[0])}
		}
		printUsage(e.stdout, c)
	default:
		return &usageError{msg: "help takes at most one command"}
	}
	return errHelpShown
}
