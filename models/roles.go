package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
)

// Roles are a user's role names, kept in a json column as an array of
// strings. A nil Roles is stored as NULL and NULL (or JSON null) reads back
// as nil; an empty, non-nil Roles is stored as [].
type Roles []string

// GormDataType tells GORM the column type: json.
func (Roles) GormDataType() string { return "json" }

// Value encodes r as JSON text, or NULL when r is nil.
func (r Roles) Value() (driver.Value, error) {
	if r == nil {
		return nil, nil
	}
	b, err := json.Marshal([]string(r))
	if err != nil {
		return nil, fmt.Errorf("encode roles: %w", err)
	}
	return string(b), nil
}

// Scan decodes a JSON array of strings read from the database.
func (r *Roles) Scan(src any) error {
	var data []byte
	switch v := src.(type) {
	case nil:
		*r = nil
		return nil
	case []byte:
		data = v
	case string:
		data = []byte(v)
	default:
		return fmt.Errorf("scan roles: got %T, want JSON text", src)
	}
	var roles []string
	if err := json.Unmarshal(data, &roles); err != nil {
		return fmt.Errorf("scan roles %q: %w", data, err)
	}
	*r = roles
	return nil
}

// Has reports whether role is one of r.
func (r Roles) Has(role string) bool { return slices.Contains(r, role) }
