package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Attrs is a JSON object of strings, stored as jsonb on PostgreSQL and as
// text elsewhere: GORM asks GormDBDataType for the column type of each
// dialect, and so does matardb.
type Attrs map[string]string

// GormDataType tells GORM the field is JSON, which it cannot guess from a
// map.
func (Attrs) GormDataType() string { return "json" }

// GormDBDataType is jsonb on PostgreSQL, text on SQLite.
func (Attrs) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	if db.Dialector.Name() == "postgres" {
		return "jsonb"
	}
	return "text"
}

// Value stores a as JSON text; a nil map is NULL.
func (a Attrs) Value() (driver.Value, error) {
	if a == nil {
		return nil, nil
	}
	b, err := json.Marshal(map[string]string(a))
	if err != nil {
		return nil, fmt.Errorf("attrs: %w", err)
	}
	return string(b), nil
}

// Scan reads JSON text or bytes; NULL is a nil map.
func (a *Attrs) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*a = nil
		return nil
	case string:
		return json.Unmarshal([]byte(v), a)
	case []byte:
		return json.Unmarshal(v, a)
	}
	return fmt.Errorf("attrs: cannot read a %T", v)
}
