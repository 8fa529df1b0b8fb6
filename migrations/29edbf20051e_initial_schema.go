package migrations

import (
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/op"
)

// 29edbf20051e: initial schema (the first migration)
//
// A port of the Alembic revision 29edbf20051e, under the same ID and with the
// same effect: the tables user, category, post and post_activity as they were
// before organizations existed. Every string column is Alembic's sa.String(),
// character varying with no length; every timestamp is sa.DateTime(),
// timestamp without time zone. The foreign keys carry the names PostgreSQL
// gave Alembic's unnamed constraints, and the indexes Alembic's op.f names.
func init() {
	register(history.Migration{
		ID:      "29edbf20051e",
		Parent:  "",
		Message: "initial schema",
		Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.CreateTable("user",
					op.Col("_id", op.String).NotNull(),
					op.Col("name", op.String),
					op.Col("phone", op.String),
					op.Col("language", op.String),
					op.Col("is_active", op.Boolean),
					op.Col("created_at", op.Timestamp),
					op.Col("updated_at", op.Timestamp),
					op.PrimaryKey("_id"),
				),
				op.CreateTable("category",
					op.Col("_id", op.String).NotNull(),
					op.Col("title", op.String),
					op.Col("sort_order", op.Integer),
					op.Col("created_at", op.Timestamp),
					op.Col("updated_at", op.Timestamp),
					op.PrimaryKey("_id"),
				),
				op.CreateTable("post",
					op.Col("_id", op.String).NotNull(),
					op.Col("user_id", op.String).NotNull(),
					op.Col("category_id", op.String),
					op.Col("title", op.String),
					op.Col("media_url", op.String),
					op.Col("duration", op.Integer),
					op.Col("language", op.String),
					op.Col("created_at", op.Timestamp),
					op.Col("updated_at", op.Timestamp),
					op.PrimaryKey("_id"),
					op.ForeignKey("post_category_id_fkey", "category_id").References("category", "_id"),
					op.ForeignKey("post_user_id_fkey", "user_id").References("user", "_id"),
				),
				op.CreateIndex("post", op.Index("ix_post_category_id", "category_id")),
				op.CreateIndex("post", op.Index("ix_post_user_id", "user_id")),
				op.CreateTable("post_activity",
					op.Col("_id", op.String).NotNull(),
					op.Col("post_id", op.String).NotNull(),
					op.Col("user_id", op.String).NotNull(),
					op.Col("activity_type", op.String).NotNull(),
					op.Col("created_at", op.Timestamp),
					op.Col("updated_at", op.Timestamp),
					op.PrimaryKey("_id"),
					op.ForeignKey("post_activity_post_id_fkey", "post_id").References("post", "_id").OnDelete("CASCADE"),
					op.ForeignKey("post_activity_user_id_fkey", "user_id").References("user", "_id"),
				),
				op.CreateIndex("post_activity", op.Index("ix_post_activity_post_id", "post_id")),
			)
		},
		Rollback: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.DropTable("post_activity"),
				op.DropTable("post"),
				op.DropTable("category"),
				op.DropTable("user"),
			)
		},
	})
}
