package gormfixtures

import (
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/schema"
)

func gormModelSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{{
		Name: "gadgets",
		Columns: []*schema.Column{
			id(d, "id"), col("created_at", goTime(d)), col("updated_at", goTime(d)),
			col("deleted_at", goTime(d)), col("label", goString(d, 0)),
		},
		PrimaryKey: []string{"id"},
		Indexes:    []*schema.Index{index("idx_gadgets_deleted_at", false, "deleted_at")},
	}}})
}

func autoIncrementSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{
		{Name: "tickets", Columns: []*schema.Column{id(d, "id"), col("title", goString(d, 0))}, PrimaryKey: []string{"id"}},
		{Name: "vouchers", Columns: []*schema.Column{id(d, "code"), col("note", goString(d, 0))}, PrimaryKey: []string{"code"}},
	}})
}

// autoIncrementColumnSchema: bigserial makes the column NOT NULL although
// the field is not; a second AutoMigrate drops the NOT NULL (see
// docs/gorm-mapping.md).
func autoIncrementColumnSchema(d dialect.Dialect) *schema.Schema {
	serial := id(d, "serial")
	return sorted(&schema.Schema{Tables: []*schema.Table{{
		Name: "receipts",
		Columns: []*schema.Column{
			{Name: "uid", Type: goString(d, 36), NotNull: true}, serial,
		},
		PrimaryKey: []string{"uid"},
	}}})
}

func manyToManySchema(d dialect.Dialect) *schema.Schema {
	joinKey := func(name string) *schema.Column { return &schema.Column{Name: name, Type: goInt(d), NotNull: true} }
	entity := func(name, column string) *schema.Table {
		return &schema.Table{Name: name, Columns: []*schema.Column{id(d, "id"), col(column, goString(d, 0))}, PrimaryKey: []string{"id"}}
	}
	return sorted(&schema.Schema{Tables: []*schema.Table{
		entity("students", "name"), entity("courses", "title"), entity("writers", "name"), entity("volumes", "title"),
		{
			Name:       "student_courses",
			Columns:    []*schema.Column{joinKey("student_id"), joinKey("course_id")},
			PrimaryKey: []string{"student_id", "course_id"},
			ForeignKeys: []*schema.ForeignKey{
				fk("fk_student_courses_course", "course_id", "courses", "", ""),
				fk("fk_student_courses_student", "student_id", "students", "", ""),
			},
		},
		{
			Name: "authorships",
			Columns: []*schema.Column{
				joinKey("writer_id"), joinKey("volume_id"), col("role", goString(d, 0)), col("created_at", goTime(d)),
			},
			PrimaryKey: []string{"writer_id", "volume_id"},
			ForeignKeys: []*schema.ForeignKey{
				fk("fk_authorships_volume", "volume_id", "volumes", "", ""),
				fk("fk_authorships_writer", "writer_id", "writers", "", ""),
			},
		},
	}})
}

func foreignKeysSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{
		{Name: "firms", Columns: []*schema.Column{id(d, "id"), col("name", goString(d, 0))}, PrimaryKey: []string{"id"}},
		{
			Name:       "staffs",
			Columns:    []*schema.Column{id(d, "id"), col("firm_id", goInt(d)), col("mentor_id", goInt(d))},
			PrimaryKey: []string{"id"},
			ForeignKeys: []*schema.ForeignKey{
				fk("fk_firms_staff", "firm_id", "firms", "SET NULL", "CASCADE"),
				fk("fk_staffs_mentor", "mentor_id", "staffs", "CASCADE", ""),
			},
		},
	}})
}

func postgresIndexesSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{{
		Name: "articles",
		Columns: []*schema.Column{
			id(d, "id"), col("attrs", kind(schema.KindJSONB)), col("title", goString(d, 200)),
			col("slug", goString(d, 80)), col("status", goString(d, 16)), col("code", goString(d, 20)),
			col("headline", goString(d, 0)), col("region", goString(d, 8)), col("rank", goInt(d)),
			col("summary", goString(d, 0)), col("ref", goString(d, 30)), col("batch", goInt(d)),
		},
		PrimaryKey: []string{"id"},
		Indexes: []*schema.Index{
			{Name: "idx_article_attrs", Columns: []string{"attrs"}, Method: "gin"},
			{Name: "idx_article_headline", Columns: []string{"headline"}, Parts: []schema.IndexPart{{Class: "text_pattern_ops"}}},
			{Name: "idx_article_live", Columns: []string{"status"}, Where: "status::text = 'live'::text"},
			index("idx_article_region_rank", false, "rank", "region"),
			{Name: "idx_article_title_lower", Columns: []string{""}, Parts: []schema.IndexPart{{Expression: "lower(title::text)"}}},
			index("idx_articles_batch", false, "batch"),
			{Name: "idx_articles_code", Columns: []string{"code"}, Parts: []schema.IndexPart{{Collate: "C"}}},
			index("idx_articles_ref", true, "ref"),
			{Name: "idx_articles_slug", Columns: []string{"slug"}, Parts: []schema.IndexPart{{Desc: true}}},
			index("idx_articles_summary", false, "summary"),
		},
	}}})
}

func sqliteIndexesSchema(d dialect.Dialect) *schema.Schema {
	text := goString(d, 0)
	return sorted(&schema.Schema{Tables: []*schema.Table{{
		Name: "entries",
		Columns: []*schema.Column{
			id(d, "id"), col("title", text), col("slug", text), col("status", text), col("code", text),
			col("region", text), col("rank", goInt(d)), col("ref", text),
		},
		PrimaryKey: []string{"id"},
		Indexes: []*schema.Index{
			{Name: "idx_entries_code", Columns: []string{"code"}, Parts: []schema.IndexPart{{Collate: "NOCASE"}}},
			index("idx_entries_ref", true, "ref"),
			{Name: "idx_entries_slug", Columns: []string{"slug"}, Parts: []schema.IndexPart{{Desc: true}}},
			{Name: "idx_entry_live", Columns: []string{"status"}, Where: "status = 'live'"},
			index("idx_entry_region_rank", false, "rank", "region"),
			{Name: "idx_entry_title_lower", Columns: []string{""}, Parts: []schema.IndexPart{{Expression: "lower(title)"}}},
		},
	}}})
}

func uniqueSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{{
		Name: "accounts",
		Columns: []*schema.Column{
			id(d, "id"), col("email", goString(d, 120)), col("handle", goString(d, 40)),
			col("tenant", goString(d, 20)), col("number", goInt(d)),
		},
		PrimaryKey: []string{"id"},
		Indexes: []*schema.Index{
			index("idx_account_tenant_number", true, "tenant", "number"),
			index("idx_accounts_email", true, "email"),
			{Name: "uni_accounts_handle", Columns: []string{"handle"}, Unique: true, Constraint: true},
		},
	}}})
}

func postgresTypesSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{{
		Name: "hosts",
		Columns: []*schema.Column{
			id(d, "id"), col("addr", raw("inet")), col("country", raw("character(2)")),
			col("seen_at", schema.Type{Kind: schema.KindTimestamp, Precision: 3}),
			{Name: "checked_at", Type: schema.Type{Kind: schema.KindTimestampTZ, Precision: 6}, Default: "CURRENT_TIMESTAMP"},
			col("fee", schema.Type{Kind: schema.KindNumeric, Precision: 10, Scale: 2}),
			col("aliases", raw("text[]")), col("ports", raw("integer[]")),
			col("labels", raw("character varying(12)[]")), col("meta", kind(schema.KindJSONB)),
		},
		PrimaryKey: []string{"id"},
	}, {
		Name: "tokens",
		Columns: []*schema.Column{
			{Name: "id", Type: kind(schema.KindUUID), NotNull: true, Default: "gen_random_uuid()"},
			col("scope", goString(d, 20)),
		},
		PrimaryKey: []string{"id"},
	}}})
}

func portableTypesSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{{
		Name: "parcels",
		Columns: []*schema.Column{
			id(d, "id"), {Name: "name", Type: goString(d, 60), NotNull: true}, col("note", goString(d, 0)),
			col("country", pick(d, raw("character(2)"), raw("char(2)"))),
			col("weight", schema.Type{Kind: schema.KindNumeric, Precision: 10, Scale: 2}),
			col("ratio", pick(d, kind(schema.KindNumeric), kind(schema.KindReal))),
			col("pieces", goInt(d)), col("small", kind(schema.KindInteger)), col("fragile", goBool(d)),
			col("shipped", goTime(d)), col("shipped_at", schema.Type{Kind: schema.KindTimestamp, Precision: 3}),
			col("payload", kind(schema.KindBytes)), col("meta", pick(d, kind(schema.KindJSONB), kind(schema.KindJSON))),
		},
		PrimaryKey: []string{"id"},
	}}})
}

// defaultsSchema: on SQLite GORM writes default:” as DEFAULT "" and
// drops the comment (SQLite has none).
func defaultsSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{{
		Name: "settings",
		Columns: []*schema.Column{
			id(d, "id"),
			{Name: "name", Type: goString(d, 40), NotNull: true, Default: pick(d, "''", `""`)},
			{Name: "level", Type: goInt(d), Default: "0"},
			{Name: "on", Type: goBool(d), Default: "false"},
			{Name: "since", Type: goTime(d), Default: "CURRENT_TIMESTAMP"},
			col("score", goInt(d)),
			{Name: "note", Type: goString(d, 0), Comment: pick(d, "shown to admins", "")},
		},
		PrimaryKey: []string{"id"},
		Checks: []*schema.Check{
			{Name: "chk_setting_score", Expr: "score < 100"},
			{Name: "chk_settings_level", Expr: "level >= 0"},
		},
	}}})
}

func embeddedSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{{
		Name: "shipments",
		Columns: []*schema.Column{
			id(d, "id"), col("created_by", goString(d, 40)), col("created_at", goTime(d)),
			col("updated_by", goString(d, 40)), col("updated_at", goTime(d)), col("stops", goString(d, 0)),
		},
		PrimaryKey: []string{"id"},
	}}})
}

func namingSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{
		{Name: "app_team", Columns: []*schema.Column{id(d, "id"), col("name", goString(d, 0))}, PrimaryKey: []string{"id"}},
		{
			Name:        "app_member",
			Columns:     []*schema.Column{id(d, "id"), col("name", goString(d, 0)), col("team_id", goInt(d))},
			PrimaryKey:  []string{"id"},
			Indexes:     []*schema.Index{index("idx_app_member_name", false, "name")},
			ForeignKeys: []*schema.ForeignKey{fk("fk_app_member_team", "team_id", "app_team", "", "")},
		},
		{
			Name:       "legacy_relics",
			Columns:    []*schema.Column{id(d, "id"), col("code", goString(d, 0))},
			PrimaryKey: []string{"id"},
			Indexes:    []*schema.Index{index("idx_legacy_relics_code", true, "code")},
		},
	}})
}

func noForeignKeysSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{
		{Name: "owners", Columns: []*schema.Column{id(d, "id")}, PrimaryKey: []string{"id"}},
		{Name: "pets", Columns: []*schema.Column{id(d, "id"), col("owner_id", goInt(d))}, PrimaryKey: []string{"id"}},
	}})
}

func dataTypeMethodSchema(d dialect.Dialect) *schema.Schema {
	return sorted(&schema.Schema{Tables: []*schema.Table{{
		Name:       "wallets",
		Columns:    []*schema.Column{id(d, "id"), col("balance", schema.Type{Kind: schema.KindNumeric, Precision: 12, Scale: 2})},
		PrimaryKey: []string{"id"},
	}}})
}
