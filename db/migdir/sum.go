// The sum file, matardb.sum, holds the checksums of a migrations
// directory's Go files, as Atlas's atlas.sum does for SQL files.
//
// The file is text. Its first line is a checksum of all the lines that
// follow, so that a hand edit or a bad merge of the sum file itself is
// caught; then comes one line per migration file, in history order:
//
//	sha256:5f1c…
//	29edbf20051e 29edbf20051e_initial_schema.go sha256:9a0b…
//	4640e9af0234 4640e9af0234_create_organization_table.go sha256:77d2…

package migdir

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// SumFile is the sum file's name inside a migrations directory.
const SumFile = "matardb.sum"

// ErrCorrupt is wrapped by the errors Parse and Checksums return for a sum file
// that cannot be read or whose checksums do not add up.
var ErrCorrupt = errors.New("corrupt " + SumFile)

// Entry is one migration file's line.
type Entry struct {
	ID   string // the migration's ID
	File string // the file's base name inside the migrations directory
	Hash string // "sha256:" and the hex digest of the file's bytes
}

// Sum is the content of a sum file: its entries in history order.
type Sum struct {
	Entries []Entry
}

// Hash returns the checksum of a file's content as a sum file spells it.
func Hash(data []byte) string {
	h := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(h[:])
}

// Entry returns the entry for the migration called id, or nil.
func (s *Sum) Entry(id string) *Entry {
	for i := range s.Entries {
		if s.Entries[i].ID == id {
			return &s.Entries[i]
		}
	}
	return nil
}

// Marshal renders s in its file form, ending in a newline.
func (s *Sum) Marshal() []byte {
	body := s.body()
	return append([]byte(Hash(body)+"\n"), body...)
}

func (s *Sum) body() []byte {
	var b bytes.Buffer
	for _, e := range s.Entries {
		fmt.Fprintf(&b, "%s %s %s\n", e.ID, e.File, e.Hash)
	}
	return b.Bytes()
}

var (
	hashPattern = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	idPattern   = regexp.MustCompile(`^[0-9A-Za-z_]+$`)
)

// Parse reads a sum file. An empty file (or one of blank lines) is an
// empty sum, as a missing one is: every migration is unlisted until the
// sums are recorded again. It fails, wrapping ErrCorrupt and naming the
// line, on a malformed line, a duplicate ID or file, or a first line that
// does not match the rest (the file was edited by hand or merged badly).
func Parse(data []byte) (*Sum, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return &Sum{}, nil
	}
	head, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok || !hashPattern.Match(head) {
		return nil, fmt.Errorf("%w: the first line must be the file's checksum (sha256:<64 hex digits>); "+
			"record it again from the migration files rather than editing it", ErrCorrupt)
	}
	s := &Sum{}
	for i, line := range strings.SplitAfter(string(body), "\n") {
		if line == "" {
			continue
		}
		e, err := parseLine(strings.TrimSuffix(line, "\n"))
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %w", ErrCorrupt, i+2, err)
		}
		if s.Entry(e.ID) != nil || s.file(e.File) != nil {
			return nil, fmt.Errorf("%w: line %d: migration %s or file %s is listed twice", ErrCorrupt, i+2, e.ID, e.File)
		}
		s.Entries = append(s.Entries, e)
	}
	if want := Hash(s.body()); string(head) != want {
		return nil, fmt.Errorf("%w: its checksum line does not match its entries, so it was edited by hand "+
			"or a merge mixed two versions; check the migration files, then record them again", ErrCorrupt)
	}
	return s, nil
}

func parseLine(line string) (Entry, error) {
	f := strings.Split(line, " ")
	if len(f) != 3 || !idPattern.MatchString(f[0]) || !validFile(f[1]) || !hashPattern.MatchString(f[2]) {
		return Entry{}, fmt.Errorf("%q is not \"<id> <file>.go sha256:<64 hex digits>\"", line)
	}
	return Entry{ID: f[0], File: f[1], Hash: f[2]}, nil
}

func validFile(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.ContainsAny(name, `/\`) && !strings.HasPrefix(name, ".")
}

func (s *Sum) file(name string) *Entry {
	for i := range s.Entries {
		if s.Entries[i].File == name {
			return &s.Entries[i]
		}
	}
	return nil
}

// Checksums parses a sum file and returns each migration's checksum by ID. The
// migrations package calls it on its embedded copy of matardb.sum.
func Checksums(data []byte) (map[string]string, error) {
	s, err := Parse(data)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(s.Entries))
	for _, e := range s.Entries {
		m[e.ID] = e.Hash
	}
	return m, nil
}
