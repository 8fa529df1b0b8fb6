package autogen

import (
	"fmt"
	"maps"
	"regexp"
	"strings"

	"github.com/matar-app/matardb/db/schema"
)

var (
	columnRename = regexp.MustCompile(`^([^.=\s]+)\.([^.=\s]+)=([^.=\s]+)$`)
	tableRename  = regexp.MustCompile(`^([^.=\s]+)=([^.=\s]+)$`)
)

// readModels reads the models' schema and rename hints in one parse.
func readModels(models []any) (*schema.Models, error) {
	m, err := schema.ReadModels(models...)
	if err != nil {
		return nil, fmt.Errorf("read the models: %w", err)
	}
	return m, nil
}

// options builds Diff's options: the models' rename hints, overridden by
// renames given as "TABLE.OLD=NEW" or "OLDTABLE=NEWTABLE" (the CLI's
// --rename), and the backfill values.
func options(m *schema.Models, renames []string, defaults map[string]string) (Options, error) {
	opts := Options{TableRenames: m.TableRenames, ColumnRenames: m.ColumnRenames, Backfill: maps.Clone(defaults)}
	if opts.Backfill == nil {
		opts.Backfill = map[string]string{}
	}
	for _, r := range renames {
		if err := addRename(&opts, r); err != nil {
			return Options{}, err
		}
	}
	return opts, nil
}

// addRename records one "TABLE.OLD=NEW" or "OLDTABLE=NEWTABLE" hint.
func addRename(opts *Options, r string) error {
	r = strings.TrimSpace(r)
	if m := columnRename.FindStringSubmatch(r); m != nil {
		table, oldName, newName := m[1], m[2], m[3]
		if opts.ColumnRenames == nil {
			opts.ColumnRenames = map[string]map[string]string{}
		}
		if opts.ColumnRenames[table] == nil {
			opts.ColumnRenames[table] = map[string]string{}
		}
		opts.ColumnRenames[table][newName] = oldName
		return nil
	}
	if m := tableRename.FindStringSubmatch(r); m != nil {
		if opts.TableRenames == nil {
			opts.TableRenames = map[string]string{}
		}
		opts.TableRenames[m[2]] = m[1]
		return nil
	}
	return fmt.Errorf("invalid rename %q: want TABLE.OLD=NEW for a column or OLDTABLE=NEWTABLE for a table", r)
}
