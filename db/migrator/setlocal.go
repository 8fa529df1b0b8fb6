package migrator

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// connectionCheck is the client_connection_check_interval of a migration's
// transaction: how soon its backend notices that the process was killed.
const connectionCheck = "1s"

// localSettings is the statement that sets a migration transaction's
// settings with SET LOCAL semantics (set_config(…, true)), so that they end
// with the transaction, whichever server connection a pooler gave it:
//   - client_connection_check_interval (PostgreSQL 14 and later; skipped
//     before, as the join with pg_settings finds nothing), so that the
//     backend of a process killed while a migration waits for a table lock
//     or runs a long statement notices within a second and rolls back;
//   - cfg's lock_timeout and statement_timeout, when not zero.
//
// It carries its values as literals (made here from durations and fixed
// names) so that it can share a simple-protocol message with COMMIT AND
// CHAIN.
func localSettings(cfg *config) string {
	values := []string{fmt.Sprintf("('client_connection_check_interval', '%s')", connectionCheck)}
	for name, d := range map[string]time.Duration{"lock_timeout": cfg.lockTimeout, "statement_timeout": cfg.statementTimeout} {
		if d > 0 {
			values = append(values, fmt.Sprintf("('%s', '%dms')", name, d.Milliseconds()))
		}
	}
	return `SELECT set_config(s.name, v.value, true) FROM (VALUES ` + strings.Join(values, ", ") +
		`) AS v(name, value) JOIN pg_settings s ON s.name = v.name`
}

// setLocal sets the run's settings in the chain's open transaction.
func (c *chain) setLocal() error {
	if c.local == "" {
		return nil
	}
	if err := execLocal(c.tx, c.local); err != nil {
		c.close(false)
		return err
	}
	return nil
}

// execLocal runs a localSettings statement in tx.
func execLocal(tx *gorm.DB, q string) error {
	if err := tx.Exec(q).Error; err != nil {
		return fmt.Errorf("set the transaction's lock_timeout, statement_timeout and client_connection_check_interval: %w", err)
	}
	return nil
}

// andLocal is what follows COMMIT AND CHAIN in the message that ends a
// migration: the settings again, for the transaction it opens.
func (c *chain) andLocal() string {
	if c.local == "" {
		return ""
	}
	return "; " + c.local
}
