package migrations_test

import (
	"strings"
	"testing"

	"gorm.io/gorm"
)

// alembicRevision is the DDL Alembic (SQLAlchemy's PostgreSQL dialect) emits
// for one of the seed's revisions, written out statement by statement as
// `alembic upgrade --sql` prints it. It is the reference the ported
// migrations are held to.
type alembicRevision struct {
	id  string
	ddl []string
}

var alembicHistory = []alembicRevision{
	{"29edbf20051e", []string{
		`CREATE TABLE "user" (
	_id VARCHAR NOT NULL,
	name VARCHAR,
	phone VARCHAR,
	language VARCHAR,
	is_active BOOLEAN,
	created_at TIMESTAMP WITHOUT TIME ZONE,
	updated_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (_id)
)`,
		`CREATE TABLE category (
	_id VARCHAR NOT NULL,
	title VARCHAR,
	sort_order INTEGER,
	created_at TIMESTAMP WITHOUT TIME ZONE,
	updated_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (_id)
)`,
		`CREATE TABLE post (
	_id VARCHAR NOT NULL,
	user_id VARCHAR NOT NULL,
	category_id VARCHAR,
	title VARCHAR,
	media_url VARCHAR,
	duration INTEGER,
	language VARCHAR,
	created_at TIMESTAMP WITHOUT TIME ZONE,
	updated_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (_id),
	FOREIGN KEY(category_id) REFERENCES category (_id),
	FOREIGN KEY(user_id) REFERENCES "user" (_id)
)`,
		`CREATE INDEX ix_post_category_id ON post (category_id)`,
		`CREATE INDEX ix_post_user_id ON post (user_id)`,
		`CREATE TABLE post_activity (
	_id VARCHAR NOT NULL,
	post_id VARCHAR NOT NULL,
	user_id VARCHAR NOT NULL,
	activity_type VARCHAR NOT NULL,
	created_at TIMESTAMP WITHOUT TIME ZONE,
	updated_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (_id),
	FOREIGN KEY(post_id) REFERENCES post (_id) ON DELETE CASCADE,
	FOREIGN KEY(user_id) REFERENCES "user" (_id)
)`,
		`CREATE INDEX ix_post_activity_post_id ON post_activity (post_id)`,
	}},
	{"4640e9af0234", []string{
		`CREATE TABLE organization (
	_id VARCHAR NOT NULL,
	title VARCHAR,
	sort_order INTEGER,
	created_at TIMESTAMP WITHOUT TIME ZONE,
	updated_at TIMESTAMP WITHOUT TIME ZONE,
	PRIMARY KEY (_id)
)`,
		`ALTER TABLE category ADD COLUMN organization_id VARCHAR`,
		`ALTER TABLE post ADD COLUMN organization_id VARCHAR`,
		`ALTER TABLE "user" ADD COLUMN roles JSON`,
	}},
	{"01ea0e75088a", []string{
		`ALTER TABLE post_activity ADD COLUMN organization_id VARCHAR`,
	}},
}

// alembicDDL returns the statements of rev for the dialect gdb speaks.
// SQLAlchemy's SQLite dialect differs only in spelling sa.DateTime() as
// DATETIME (its batch mode adds nullable columns with a plain ALTER TABLE).
func alembicDDL(gdb *gorm.DB, rev alembicRevision) []string {
	if gdb.Dialector.Name() != "sqlite" {
		return rev.ddl
	}
	out := make([]string, len(rev.ddl))
	for i, s := range rev.ddl {
		out[i] = strings.ReplaceAll(s, "TIMESTAMP WITHOUT TIME ZONE", "DATETIME")
	}
	return out
}

// buildAlembicDatabase runs the seed's revisions up to and including
// through on gdb as Alembic would, alembic_version included.
func buildAlembicDatabase(t *testing.T, gdb *gorm.DB, through string) {
	t.Helper()
	for i, rev := range alembicHistory {
		alembicUpgrade(t, gdb, i)
		if rev.id == through {
			return
		}
	}
	t.Fatalf("no Alembic revision %s", through)
}

// alembicUpgrade runs the i-th revision on gdb as Alembic would: its DDL,
// then the alembic_version bookkeeping (created by the first revision).
func alembicUpgrade(t *testing.T, gdb *gorm.DB, i int) {
	t.Helper()
	rev := alembicHistory[i]
	if i == 0 {
		mustExec(t, gdb, `CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL,
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
)`)
	}
	for _, stmt := range alembicDDL(gdb, rev) {
		mustExec(t, gdb, stmt)
	}
	if i == 0 {
		mustExec(t, gdb, `INSERT INTO alembic_version (version_num) VALUES ('`+rev.id+`')`)
	} else {
		mustExec(t, gdb, `UPDATE alembic_version SET version_num='`+rev.id+`' WHERE alembic_version.version_num = '`+alembicHistory[i-1].id+`'`)
	}
}

func mustExec(t testing.TB, gdb *gorm.DB, sql string, args ...any) {
	t.Helper()
	if err := gdb.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func TestAlembicReferenceFollowsTheHistory(t *testing.T) {
	h := theHistory(t)
	for i, rev := range alembicHistory {
		if got := h.At(i).ID; got != rev.id {
			t.Fatalf("Alembic revision %d is %s, history has %s", i, rev.id, got)
		}
	}
}
