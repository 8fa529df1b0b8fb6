package gormfixtures

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
	gormschema "gorm.io/gorm/schema"
)

// Document is a JSON object column written as its own type, the way
// applications write one instead of depending on gorm.io/datatypes: its
// GormDataType is "json", and its GormDBDataType, which GORM's migrator
// asks first, makes it jsonb on PostgreSQL and json on SQLite.
type Document map[string]any

// GormDataType is the dialect-neutral type GORM records for the field.
func (Document) GormDataType() string { return "json" }

// GormDBDataType is the column type AutoMigrate declares on db's dialect.
func (Document) GormDBDataType(db *gorm.DB, _ *gormschema.Field) string {
	if db.Dialector.Name() == "postgres" {
		return "jsonb"
	}
	return "json"
}

// Value encodes the document as JSON text.
func (d Document) Value() (driver.Value, error) {
	if d == nil {
		return nil, nil
	}
	b, err := json.Marshal(d)
	return string(b), err
}

// Scan decodes JSON text or bytes into the document.
func (d *Document) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = nil
		return nil
	case string:
		return json.Unmarshal([]byte(v), d)
	case []byte:
		return json.Unmarshal(v, d)
	}
	return fmt.Errorf("scan document: unsupported source type %T", src)
}
