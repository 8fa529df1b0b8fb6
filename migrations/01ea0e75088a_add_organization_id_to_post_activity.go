package migrations

import (
	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/history"
	"github.com/matar-app/matardb/db/op"
)

// 01ea0e75088a: Add an organization ID column to Organization Database Table. (parent 4640e9af0234)
//
// A port of the Alembic revision 01ea0e75088a, under the same ID and with the
// same effect: organization_id (character varying, nullable) on
// post_activity. The message is the revision's own, though the column goes
// on post_activity, not on organization.
func init() {
	register(history.Migration{
		ID:      "01ea0e75088a",
		Parent:  "4640e9af0234",
		Message: "Add an organization ID column to Organization Database Table.",
		Migrate: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.AddColumn("post_activity", op.Col("organization_id", op.String)),
			)
		},
		Rollback: func(tx *gorm.DB) error {
			return op.Apply(tx,
				op.DropColumn("post_activity", "organization_id"),
			)
		},
	})
}
