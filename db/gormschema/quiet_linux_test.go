package gormschema

import (
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
)

// TestReadOfAModelGORMCannotParsePrintsNothing reads a model GORM cannot
// parse with the process's stdout and stderr redirected to a pipe: GORM
// logs the failure to logger.Default (stdout), which Read must silence,
// its error alone naming the model and field. Not parallel: it owns the
// process's file descriptors 1 and 2.
func TestReadOfAModelGORMCannotParsePrintsNothing(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var saved [3]int
	for _, fd := range []int{1, 2} {
		if saved[fd], err = syscall.Dup(fd); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Dup3(int(w.Fd()), fd, 0); err != nil {
			t.Fatal(err)
		}
	}
	_, readErr := fromModels(&unresolvable{})
	for _, fd := range []int{1, 2} {
		if err := syscall.Dup3(saved[fd], fd, 0); err != nil {
			t.Fatal(err)
		}
		syscall.Close(saved[fd])
	}
	w.Close()
	printed, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(printed) > 0 {
		t.Errorf("reading the model printed %q", printed)
	}
	if readErr == nil {
		t.Fatal("Read of a model GORM cannot parse succeeded")
	}
	for _, want := range []string{"*gormschema.unresolvable", "Thing", "GORM cannot parse"} {
		if !strings.Contains(readErr.Error(), want) {
			t.Errorf("error %q does not name %q", readErr, want)
		}
	}
}
