// Package cli is matardb's command line for any GORM project: it
// generates, checks and applies the migrations of the project that Main is
// given (its models, its history, its gorm.Config). A project's
// cmd/<name>/main.go is about ten lines:
//
//	func main() {
//		cli.Main(cli.Project{
//			Name:       "appdb",
//			Models:     models.All(),
//			History:    migrations.All,
//			Gorm:       &gorm.Config{},
//			DefaultURL: "sqlite:app.db",
//		})
//	}
//
// The program then runs as
//
//	NAME [--database-url URL] COMMAND [ARGS]
//
// The database URL comes from --database-url, else DATABASE_URL, else the
// project's DefaultURL; it is postgres://… or postgresql://… for
// PostgreSQL and sqlite:PATH for a SQLite file. Results go to stdout;
// progress and errors go to stderr, an error's first line being one
// sentence that never contains the database password.
//
// Exit status: 0 success, 1 failure (or, for check, models and migrations
// that differ), 2 a usage error.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Main runs the command line of p with the program's arguments, standard
// streams and environment, and exits with its status. Interrupt and
// SIGTERM cancel the running command.
func Main(p Project) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, p, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// Run runs the command line of p with args (without the program name),
// the given streams and getenv for the environment, and returns the exit
// status: 0 success, 1 failure, 2 a usage error.
func Run(ctx context.Context, p Project, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return run(ctx, args, &env{project: &p, stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv})
}

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// env is what a command may touch of the outside world.
type env struct {
	project        *Project
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	urlFlag        string // from --database-url; "" when not given
	table          string // from --table; "" for the default
	readOnly       bool   // the command only reads: never create a SQLite file
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
		fmt.Fprintf(e.stderr, "%s: %s\n\n", e.project.name(), scrub(usage.msg, e.databaseURL()))
		printUsage(e.stderr, usage.cmd, e.project)
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "%s: %s\n", e.project.name(), scrub(err.Error(), e.databaseURL()))
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

// help prints the usage of the program or of one command to stdout.
func help(args []string, e *env) error {
	switch len(args) {
	case 0:
		printUsage(e.stdout, nil, e.project)
	case 1:
		c := lookup(args[0])
		if c == nil {
			return &usageError{msg: fmt.Sprintf("unknown command %q", args[0])}
		}
		printUsage(e.stdout, c, e.project)
	default:
		return &usageError{msg: "help takes at most one command"}
	}
	return errHelpShown
}
