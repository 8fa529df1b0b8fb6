package gormschema

import (
	"fmt"
	"reflect"
	"strings"

	gschema "gorm.io/gorm/schema"
)

// TableRenamer is implemented by a model whose table used to have another
// name: RenamedFrom returns the old name. It tells the autogenerator to
// rename the table (keeping its rows) instead of dropping the old table and
// creating the new one. Remove the method once the rename has been
// generated and released.
type TableRenamer interface {
	RenamedFrom() string
}

// tableRenames reads the TableRenamer hints of parsed models.
func tableRenames(parsed []*gschema.Schema) (map[string]string, error) {
	current := make(map[string]bool, len(parsed))
	for _, s := range parsed {
		current[s.Table] = true
	}
	hints := map[string]string{}
	claimed := map[string]string{}
	for _, s := range parsed {
		r, ok := reflect.New(s.ModelType).Interface().(TableRenamer)
		if !ok {
			continue
		}
		old := strings.TrimSpace(r.RenamedFrom())
		switch {
		case old == "":
			return nil, fmt.Errorf("model %s: RenamedFrom returns an empty name", s.ModelType)
		case current[old]:
			return nil, fmt.Errorf("model %s: RenamedFrom returns %q, a table the models still have", s.ModelType, old)
		case claimed[old] != "":
			return nil, fmt.Errorf("models %s and %s are both renamed from table %q", claimed[old], s.ModelType, old)
		}
		claimed[old] = s.ModelType.String()
		hints[s.Table] = old
	}
	return hints, nil
}

// columnRenameHints reads the column renames models declare with the field tag
// `matardb:"renamed_from=old_name"`: table → new column → old column. It
// tells the autogenerator to rename the column (keeping its data) instead of
// dropping the old column and adding the new one. Remove the tag once the
// rename has been generated and released. Tables are the models' current
// names (after any TableRenamer rename). It is an error for a tag to have
// another key or no name, to name its own column or a column the model
// still has, or for two fields to claim one old column.
func columnRenameHints(parsed []*gschema.Schema) (map[string]map[string]string, error) {
	hints := map[string]map[string]string{}
	for _, s := range parsed {
		renames, err := columnRenames(s)
		if err != nil {
			return nil, err
		}
		if len(renames) > 0 {
			hints[s.Table] = renames
		}
	}
	return hints, nil
}

// columnRenames reads the renamed_from tags of one model: new → old column.
func columnRenames(s *gschema.Schema) (map[string]string, error) {
	renames := map[string]string{}
	claimed := map[string]string{}
	for _, name := range s.DBNames {
		f := s.FieldsByDBName[name]
		old, err := renamedFrom(f.Tag.Get("matardb"))
		if err == nil {
			err = checkRename(s, name, old, claimed)
		}
		if err != nil {
			return nil, fieldError(f, err)
		}
		if old != "" && !f.IgnoreMigration {
			renames[name], claimed[old] = old, name
		}
	}
	return renames, nil
}

func checkRename(s *gschema.Schema, column, old string, claimed map[string]string) error {
	switch {
	case old == "":
		return nil
	case old == column:
		return fmt.Errorf("renamed_from=%s names the field's own column", old)
	case claimed[old] != "":
		return fmt.Errorf("column %q is also renamed from %q", claimed[old], old)
	}
	if f := s.FieldsByDBName[old]; f != nil && !f.IgnoreMigration {
		return fmt.Errorf("renamed_from=%s names a column the model still has", old)
	}
	return nil
}

// renamedFrom parses a `matardb:"…"` tag: ";"-separated key=value pairs, of
// which renamed_from is the one there is.
func renamedFrom(tag string) (string, error) {
	var old string
	for _, part := range strings.Split(tag, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		key, value, _ := strings.Cut(part, "=")
		switch key, value = strings.TrimSpace(key), strings.TrimSpace(value); {
		case key != "renamed_from":
			return "", fmt.Errorf("matardb tag %q: unknown key %q (want renamed_from=old_column)", tag, key)
		case value == "":
			return "", fmt.Errorf("matardb tag %q: renamed_from needs the old column name", tag)
		}
		old = value
	}
	return old, nil
}
