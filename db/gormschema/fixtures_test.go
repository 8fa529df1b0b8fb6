package gormschema_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/gormfixtures"
	"github.com/matar-app/matardb/internal/oracle"
)

// OptionsOf returns the Read options of a fixture's set on dialect d.
func optionsOf(set oracle.Set, d dialect.Dialect) *gormschema.Options {
	o := &gormschema.Options{Dialect: d}
	if set.Config != nil {
		o.Config = set.Config()
	}
	for _, j := range set.JoinTables {
		o.JoinTables = append(o.JoinTables, gormschema.JoinTable{Model: j.Model, Field: j.Field, Join: j.Join})
	}
	return o
}

// TestReadGivesWhatAutoMigrateBuilds reads every fixture's models for
// each dialect it supports and compares with the schema AutoMigrate
// builds there (gormfixtures' Expected, kept true against real databases).
// The one difference is PostgreSQL's spelling of expressions: the catalog
// adds casts (status::text) that the models do not write.
func TestReadGivesWhatAutoMigrateBuilds(t *testing.T) {
	for _, f := range gormfixtures.All() {
		for _, d := range f.Dialects {
			t.Run(f.Name+"/"+string(d), func(t *testing.T) {
				got, err := gormschema.Read(optionsOf(f.Set, d), f.Models...)
				if err != nil {
					t.Fatal(err)
				}
				want := f.Expected(d)
				if d == dialect.Postgres {
					want = withoutCasts(want)
				}
				g, _ := json.MarshalIndent(got.Schema, "", "  ")
				w, _ := json.MarshalIndent(want, "", "  ")
				if string(g) != string(w) {
					t.Errorf("Read gave:\n%s\nAutoMigrate builds:\n%s", g, w)
				}
			})
		}
	}
}

// withoutCasts removes PostgreSQL's ::text casts from index predicates
// and expressions.
func withoutCasts(s *schema.Schema) *schema.Schema {
	s = s.Clone()
	for _, t := range s.Tables {
		for _, i := range t.Indexes {
			i.Where = strings.ReplaceAll(i.Where, "::text", "")
			for n := range i.Parts {
				i.Parts[n].Expression = strings.ReplaceAll(i.Parts[n].Expression, "::text", "")
			}
		}
	}
	return s
}
