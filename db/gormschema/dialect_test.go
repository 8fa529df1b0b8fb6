package gormschema_test

import (
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"
	gschema "gorm.io/gorm/schema"

	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/schema"
)

type twoOnOne struct {
	ID    uint
	Name  string `gorm:"column:title"`
	Title string `gorm:"size:10"`
}

type serverUUID struct {
	ID string `gorm:"type:uuid;primaryKey;default:gen_random_uuid()"`
}

type serialColumn struct {
	UID    string `gorm:"primaryKey"`
	Serial int64  `gorm:"autoIncrement"`
}

type ginOnSQLite struct {
	ID    uint
	Attrs string `gorm:"index:,type:gin"`
}

type sqliteFunctionDefault struct {
	ID   uint
	Slug string `gorm:"default:(lower(hex(randomblob(4))))"`
}

// TestReadRefusesWhatTheDialectCannotBuild: model mistakes GORM lets
// through and defaults or index methods the dialect cannot take are
// errors naming the model and field.
func TestReadRefusesWhatTheDialectCannotBuild(t *testing.T) {
	tests := []struct {
		name  string
		d     dialect.Dialect
		model any
		want  []string
	}{
		{"two fields on one column", dialect.Postgres, &twoOnOne{}, []string{"twoOnOne", "Name", "Title", `"title"`}},
		{"two fields on one column", dialect.SQLite, &twoOnOne{}, []string{"twoOnOne", "Name", "Title", `"title"`}},
		{"gen_random_uuid() on SQLite", dialect.SQLite, &serverUUID{}, []string{"serverUUID.ID", "gen_random_uuid", "SQLite"}},
		{"an index method on SQLite", dialect.SQLite, &ginOnSQLite{}, []string{"ginOnSQLite", "type:gin"}},
		{"auto-increment off the key on SQLite", dialect.SQLite, &serialColumn{}, []string{"serialColumn.Serial", "primary key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+string(tt.d), func(t *testing.T) {
			_, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(tt.d)}, tt.model)
			if err == nil {
				t.Fatal("Read succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// TestReadTakesWhatEachDialectCanBuild: the same models where the dialect
// can build them.
func TestReadTakesWhatEachDialectCanBuild(t *testing.T) {
	for _, c := range []struct {
		d     dialect.Dialect
		model any
	}{{dialect.Postgres, &serverUUID{}}, {dialect.Postgres, &ginOnSQLite{}}, {dialect.Postgres, &serialColumn{}}, {dialect.SQLite, &sqliteFunctionDefault{}}} {
		if _, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(c.d)}, c.model); err != nil {
			t.Errorf("%s %T: %v", c.d, c.model, err)
		}
	}
}

type perDialect struct {
	ID    uint
	Flag  bool
	At    string `gorm:"type:timestamptz(6)"`
	Where string `gorm:"index:,length:4"`
}

// TestReadMapsGoTypesPerDialectAsGORMDeclaresThem checks the columns of one
// model on each dialect.
func TestReadMapsGoTypesPerDialectAsGORMDeclaresThem(t *testing.T) {
	want := map[dialect.Dialect][]schema.Column{
		dialect.Postgres: {
			{Name: "id", Type: schema.Type{Kind: schema.KindBigInt}, NotNull: true, AutoIncrement: true},
			{Name: "flag", Type: schema.Type{Kind: schema.KindBoolean}},
			{Name: "at", Type: schema.Type{Kind: schema.KindTimestampTZ, Precision: 6}},
			{Name: "where", Type: schema.Type{Kind: schema.KindText}},
		},
		dialect.SQLite: {
			{Name: "id", Type: schema.Type{Kind: schema.KindInteger}, NotNull: true, AutoIncrement: true},
			{Name: "flag", Type: schema.Type{Kind: schema.KindNumeric}},
			{Name: "at", Type: schema.Type{Kind: schema.KindTimestampTZ, Precision: 6}},
			{Name: "where", Type: schema.Type{Kind: schema.KindText}},
		},
	}
	for d, cols := range want {
		r, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(d)}, &perDialect{})
		if err != nil {
			t.Fatal(err)
		}
		tbl := r.Schema.Table("per_dialects")
		for i, c := range cols {
			if got := *tbl.Columns[i]; got != c {
				t.Errorf("%s column %d = %+v, want %+v", d, i, got, c)
			}
		}
		if idx := tbl.Index("idx_per_dialects_where"); idx == nil || idx.Parts != nil {
			t.Errorf("%s: index with length: = %+v, want a plain index (length: ignored)", d, idx)
		}
	}
}

type reader2 struct {
	ID    uint
	Books []book2 `gorm:"many2many:reader_books"`
}

type book2 struct {
	ID       uint
	ReaderID uint
}

// TestReadFollowsTheConfigurationsRelationshipSettings: under
// IgnoreRelationshipsWhenMigrating AutoMigrate makes neither foreign keys
// nor join tables, under DisableForeignKeyConstraintWhenMigrating only no
// foreign keys.
func TestReadFollowsTheConfigurationsRelationshipSettings(t *testing.T) {
	for _, c := range []struct {
		cfg        *gorm.Config
		tables     []string
		foreignKey bool
	}{
		{&gorm.Config{}, []string{"book2", "reader2", "reader_books"}, true},
		{&gorm.Config{DisableForeignKeyConstraintWhenMigrating: true}, []string{"book2", "reader2", "reader_books"}, false},
		{&gorm.Config{IgnoreRelationshipsWhenMigrating: true}, []string{"book2", "reader2"}, false},
	} {
		c.cfg.NamingStrategy = gschema.NamingStrategy{SingularTable: true}
		r, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(dialect.Postgres), Config: c.cfg}, &reader2{}, &book2{})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Schema.TableNames(); !slices.Equal(got, c.tables) {
			t.Errorf("%+v: tables %v, want %v", c.cfg, got, c.tables)
		}
		fks := 0
		for _, tbl := range r.Schema.Tables {
			fks += len(tbl.ForeignKeys)
		}
		if (fks > 0) != c.foreignKey {
			t.Errorf("%+v: %d foreign keys, want some: %v", c.cfg, fks, c.foreignKey)
		}
	}
}
