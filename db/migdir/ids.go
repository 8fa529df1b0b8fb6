package migdir

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
)

// NewID returns a new migration ID: 12 random hex digits, like Alembic's
// revision IDs. It is safe for concurrent use.
func NewID() string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

var newIDPattern = regexp.MustCompile(`^[0-9A-Za-z]+$`)

// CheckID rejects an ID that cannot start a file name or a sum file line.
func CheckID(id string) error {
	if !newIDPattern.MatchString(id) {
		return fmt.Errorf("invalid migration ID %q: want letters and digits only", id)
	}
	return nil
}

const maxSlug = 40

// Slug turns a migration message into the part of its file name after the
// ID: lower case, runs of anything but letters and digits become one "_",
// at most 40 characters, cut between words. A message with no letters or
// digits gives "migration".
func Slug(message string) string {
	words := strings.FieldsFunc(strings.ToLower(message), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	s := ""
	for _, w := range words {
		next := w
		if s != "" {
			next = s + "_" + w
		}
		if len(next) > maxSlug {
			if s == "" {
				s = w[:maxSlug] // one word longer than the limit
			}
			break
		}
		s = next
	}
	if s == "" {
		return "migration"
	}
	return s
}

// FileName is the name of the migration file for id and message:
// "4640e9af0234_create_organization_table.go".
func FileName(id, message string) string { return id + "_" + Slug(message) + ".go" }
