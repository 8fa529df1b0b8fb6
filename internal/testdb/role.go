package testdb

import (
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// LimitedRole creates a login role that owns nothing, may create tables in
// the PostgreSQL database at rawURL and may hold at most limit connections
// at once, and returns rawURL with that user. A process connecting through
// it beyond the limit fails with "too many connections for role": tests of
// many processes use it to prove how many connections they take. The role
// is dropped when t ends, before the database.
func LimitedRole(t testing.TB, rawURL string, limit int) string {
	t.Helper()
	admin, err := gorm.Open(postgres.Open(rawURL), quiet())
	if err != nil {
		t.Fatal(err)
	}
	role := fmt.Sprintf("matardb_replica_%d_%d", os.Getpid(), time.Now().UnixNano())
	for _, q := range []string{
		fmt.Sprintf(`CREATE ROLE %q LOGIN CONNECTION LIMIT %d`, role, limit),
		fmt.Sprintf(`GRANT USAGE, CREATE ON SCHEMA public TO %q`, role),
	} {
		if err := admin.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		admin.Exec(fmt.Sprintf(`DROP OWNED BY %q`, role))
		if err := admin.Exec(fmt.Sprintf(`DROP ROLE %q`, role)).Error; err != nil {
			t.Errorf("drop role %s: %v", role, err)
		}
		if sqlDB, err := admin.DB(); err == nil {
			sqlDB.Close()
		}
	})
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	return u.String()
}
