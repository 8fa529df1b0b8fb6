package migrations

import (
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/op"
)

// 4640e9af0234: create organization table (parent 29edbf20051e)
//
// A port of the Alembic revision 4640e9af0234, under the same ID and with the
// same effect, operation for operation: the organization table as that
// revision's create_table made it (only _id, title, sort_order and the
// timestamps; the model's other columns came later), organization_id on
// category and post, and roles (JSON) on user. The rollback undoes them in
// the revision's downgrade order.
func init() {
	register(history.Migration{
		ID:      "4640e9af0234",
		Parent:  "29edbf20051e",
		Message: "create organization table",
		Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.CreateTable("organization",
					op.Col("_id", op.String).NotNull(),
					op.Col("title", op.String),
					op.Col("sort_order", op.Integer),
					op.Col("created_at", op.Timestamp),
					op.Col("updated_at", op.Timestamp),
					op.PrimaryKey("_id"),
				),
				op.AddColumn("category", op.Col("organization_id", op.String)),
				op.AddColumn("post", op.Col("organization_id", op.String)),
				op.AddColumn("user", op.Col("roles", op.JSON)),
			)
		},
		Rollback: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.DropColumn("user", "roles"),
				op.DropColumn("post", "organization_id"),
				op.DropColumn("category", "organization_id"),
				op.DropTable("organization"),
			)
		},
	})
}
