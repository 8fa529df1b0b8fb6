package migrator

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/internal/testdb"
)

// Finding 8: a database holding Laravel's migrations table (id serial,
// migration, batch) got six columns added to it, then the run failed.
func TestAnotherToolsMigrationsTableIsLeftUntouched(t *testing.T) {
	t.Parallel()
	testdb.Both(t, func(t *testing.T, gdb *gorm.DB) {
		ctx := context.Background()
		id := "id integer PRIMARY KEY"
		if gdb.Dialector.Name() == "postgres" {
			id = "id serial PRIMARY KEY"
		}
		for _, q := range []string{
			`CREATE TABLE migrations (` + id + `, migration varchar(255) NOT NULL, batch integer NOT NULL)`,
			`INSERT INTO migrations (migration, batch) VALUES ('2014_10_12_000000_create_users_table', 1)`,
		} {
			if err := gdb.Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		h := mustHistory(t, tableChain(2)...)
		opts, _ := testOpts(h)
		m, err := New(gdb, h, opts[1:]...)
		if err != nil {
			t.Fatal(err)
		}
		err = m.Up(ctx)
		var fe *ForeignTableError
		if !errors.As(err, &fe) || !slices.Equal(fe.Columns, []string{"migration", "batch"}) ||
			!strings.Contains(err.Error(), "WithTable") {
			t.Fatalf("Up on another tool's table: err = %v, want a *ForeignTableError naming migration, batch and WithTable", err)
		}
		if _, err := m.Status(ctx); !errors.Is(err, ErrForeignTable) {
			t.Fatalf("Status: err = %v, want ErrForeignTable", err)
		}
		wantUntouched := func() {
			t.Helper()
			d, _ := backendOf(gdb)
			cols, err := d.columns(gdb, "migrations")
			if err != nil {
				t.Fatal(err)
			}
			var n int64
			gdb.Raw(`SELECT count(*) FROM migrations`).Scan(&n)
			if !slices.Equal(cols, []string{"id", "migration", "batch"}) || n != 1 {
				t.Fatalf("the other tool's table now has columns %v and %d rows", cols, n)
			}
		}
		wantUntouched()
		wantTables(t, gdb, nil, []string{"t01"})

		opts, _ = testOpts(h, WithTable("matardb_migrations"))
		m, err = New(gdb, h, opts[1:]...)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Up(ctx); err != nil {
			t.Fatal(err)
		}
		wantUntouched()
		wantTables(t, gdb, []string{"t01", "t02", "matardb_migrations"}, nil)
		if cur, err := m.Current(ctx); err != nil || cur != "m02" {
			t.Fatalf("Current = %q, %v; want m02", cur, err)
		}
		if err := m.Down(ctx, "-1"); err != nil {
			t.Fatal(err)
		}
		wantTables(t, gdb, []string{"t01"}, []string{"t02"})
	})
}

func TestWithTableRefusesANameItWouldHaveToQuote(t *testing.T) {
	h := mustHistory(t, tableChain(1)...)
	for _, name := range []string{"", "Migrations", "my-table", "x; DROP TABLE y"} {
		if _, err := New(testdb.SQLite(t), h, WithTable(name)); err == nil {
			t.Errorf("WithTable(%q) accepted", name)
		}
	}
}
