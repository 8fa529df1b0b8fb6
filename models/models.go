// Package models holds Matar's tables as GORM structs, one file per table,
// with constructors that fill in the primary key and the defaults the
// original SQLAlchemy models applied.
//
// The structs map onto the tables Alembic built: the primary key is a
// string column "_id", created_at/updated_at are timestamp without time
// zone, and every column states its SQL type in a `type:` tag, because
// GORM's own choices (bigint for int, text for string, timestamptz for
// time.Time) are not what Alembic's sa.Integer(), sa.String() and
// sa.DateTime() made. Nullability is the table's: most columns Alembic
// made are nullable. (Column order may differ from the table's; it is not
// compared.)
//
// Go types follow one rule. A column whose NULL means something (no phone,
// no category, no organization; a foreign key column must be NULL rather
// than "") is a pointer, or a type that reads and writes NULL (Roles). A
// column the constructor always fills is a plain type, NOT NULL or not:
// GORM writes the value as is and reads a NULL (from rows written
// elsewhere) as the zero value, "", 0 or false, without an error.
//
// Defaults live in the constructors (NewOrganization, NewUser, …), as
// SQLAlchemy's Python-side default= did, and not in GORM `default:` tags:
// GORM replaces an explicit false, 0 or "" by a tagged default on Create.
// Constructors take options: WithID, WithLanguage, … Each option applies
// to the models whose option interface it implements, checked at compile
// time.
//
// A row built as a struct literal gets its ID on Create too (Base's
// BeforeCreate hook), so writing models.Post{Title: "x"} is safe; only the
// constructors fill the defaults.
//
// The backend imports this package for its queries and package db for
// Open and Migrate; the schema itself is the migration history's
// (package migrations), applied by db.Migrate at startup. Do not call
// GORM's AutoMigrate on these models alongside matardb: the history is
// the one writer of the schema, and a change to a model becomes a
// migration through `matardb revision --autogenerate`. Migrations never
// import this package, so that they mean the same after the models change.
package models

// All returns one value of every model, parents before the tables that
// reference them: the list gormschema.Read and the autogenerator read.
func All() []any {
	return []any{
		&Organization{},
		&User{},
		&Category{},
		&Post{},
		&PostActivity{},
	}
}
