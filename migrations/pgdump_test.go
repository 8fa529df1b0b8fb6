package migrations_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// pgDumpPath finds pg_dump on PATH or in the versioned directories Debian
// and Ubuntu install PostgreSQL into, preferring the newest. Without it the
// test is skipped, except under CI=true, where it fails.
func pgDumpPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("pg_dump"); err == nil {
		return p
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump")
	slices.SortFunc(found, func(a, b string) int { return versionOf(b) - versionOf(a) })
	if len(found) > 0 {
		return found[0]
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("pg_dump not found on PATH (under CI=true this test fails instead of skipping)")
	}
	t.Skip("skipping: pg_dump not found on PATH")
	return ""
}

// versionOf reads the major version out of .../postgresql/<major>/bin/pg_dump.
func versionOf(path string) int {
	n := 0
	for _, r := range filepath.Base(filepath.Dir(filepath.Dir(path))) {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// pgDumpSchema returns pg_dump's schema-only dump of the database at url,
// without owners, the bookkeeping tables, the marker and trigger
// function of the bookkeeping table's digest (see migrator's digest.go),
// comments, blank
// lines and the per-run \restrict keys, so that two databases with the
// same schema give the same text.
func pgDumpSchema(t *testing.T, url string) string {
	t.Helper()
	cmd := exec.Command(pgDumpPath(t), "--schema-only", "--no-owner", "--no-privileges",
		"--exclude-table=migrations", "--exclude-table=alembic_version", "--exclude-table=matardb_digest_*", "--dbname="+url)
	out, err := cmd.Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg += ": " + string(ee.Stderr)
		}
		t.Fatalf("pg_dump: %s", msg)
	}
	var keep []string
	inBookkeeping := false
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "CREATE FUNCTION public.matardb_") {
			inBookkeeping = true
		}
		if inBookkeeping {
			inBookkeeping = !strings.HasSuffix(line, "$$;")
			continue
		}
		if line == "" || strings.HasPrefix(line, "--") ||
			strings.HasPrefix(line, `\restrict`) || strings.HasPrefix(line, `\unrestrict`) {
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n")
}
