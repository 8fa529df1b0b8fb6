package gormschema_test

import (
	"strings"
	"testing"

	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/gormfixtures"
	"github.com/matar-app/matardb/internal/oracle"
)

// TestReadGivesWhatAutoMigrateBuilds reads every fixture's models for
// each dialect it supports and compares with the schema AutoMigrate
// builds there (gormfixtures' Expected, kept true against real databases).
// The one difference is PostgreSQL's spelling of expressions: the catalog
// adds casts (status::text) that the models do not write.
func TestReadGivesWhatAutoMigrateBuilds(t *testing.T) {
	for _, f := range gormfixtures.All() {
		for _, d := range f.Dialects {
			t.Run(f.Name+"/"+string(d), func(t *testing.T) {
				got, err := gormschema.Read(f.ReadOptions(d), f.Models...)
				if err != nil {
					t.Fatal(err)
				}
				want := f.Expected(d)
				if d == dialect.Postgres {
					want = withoutCasts(want)
				}
				oracle.AssertSameJSON(t, "Read gave", got.Schema, want)
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
