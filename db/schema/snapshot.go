package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Snapshot is the schema that applying the whole migration history produces,
// kept as a JSON file beside the migrations (as EF Core keeps its model
// snapshot) so that generating and checking need no database. Head is the ID
// of the last migration it accounts for: a snapshot whose head is not the
// history's head is stale or comes from another branch.
type Snapshot struct {
	Head   string `json:"head"`
	Schema Schema `json:"schema"`
}

// MarshalSnapshot renders s in its canonical form: sorted, indented, ending
// in a newline, so that the committed file diffs well and two equal
// snapshots are equal bytes.
func MarshalSnapshot(s *Snapshot) ([]byte, error) {
	c := Snapshot{Head: s.Head, Schema: *s.Schema.Clone()}
	c.Schema.Sort()
	if c.Schema.Tables == nil {
		c.Schema.Tables = []*Table{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, fmt.Errorf("encode schema snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

// UnmarshalSnapshot parses a snapshot, rejecting unknown fields and tables
// or columns without names, so that a hand-edited or corrupt file fails with
// a sentence instead of producing a wrong diff.
func UnmarshalSnapshot(data []byte) (*Snapshot, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("corrupt schema snapshot: %w", err)
	}
	for i, t := range s.Schema.Tables {
		if t == nil || t.Name == "" {
			return nil, fmt.Errorf("corrupt schema snapshot: table %d has no name", i)
		}
		for j, c := range t.Columns {
			if c == nil || c.Name == "" || c.Type.Kind == "" {
				return nil, fmt.Errorf("corrupt schema snapshot: column %d of table %q has no name or type", j, t.Name)
			}
		}
	}
	s.Schema.Sort()
	return &s, nil
}
