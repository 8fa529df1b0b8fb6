// Command roundtrip takes a database through the newest migration of this
// module and back, and prints as JSON what it holds at each step, for the
// round trip test to judge. It migrates to the newest migration's parent,
// runs the statements of the -seed file (one a line), reads the catalog and
// every row (before), migrates to the head (head), rolls back to the parent
// (back); it also prints the schemas of the old and the new models.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"gorm.io/gorm"

	oldmodels "github.com/matar-app/matardb/cmd/roundtrip/oldmodels"
	"github.com/matar-app/matardb/db"
	"github.com/matar-app/matardb/db/connect"
	"github.com/matar-app/matardb/db/dialect"
	"github.com/matar-app/matardb/db/gormschema"
	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/migrator"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/migrations"
	"github.com/matar-app/matardb/models"
)

// report is what roundtrip prints.
type report struct {
	OldModels *schema.Schema `json:"old_models"`
	NewModels *schema.Schema `json:"new_models"`
	Before    state          `json:"before"`
	Head      state          `json:"head"`
	Back      state          `json:"back"`
}

// state is the catalog and the rows of every table (table → rows, ordered
// by _id; column → value as text, nil for NULL).
type state struct {
	Catalog *schema.Schema                  `json:"catalog"`
	Rows    map[string][]map[string]*string `json:"rows"`
}

func main() {
	url := flag.String("url", "", "the database `URL`")
	seed := flag.String("seed", "", "a `FILE` of SQL statements, one a line, run before the newest migration")
	flag.Parse()
	r, err := run(context.Background(), *url, *seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "roundtrip:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		fmt.Fprintln(os.Stderr, "roundtrip:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, url, seed string) (*report, error) {
	h, err := migrations.All()
	if err != nil {
		return nil, err
	}
	parent := h.Get(h.Head()).Parent
	gdb, err := db.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer closeDB(gdb)
	m, err := migrator.New(gdb, h, migrator.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		return nil, err
	}
	r := &report{}
	if err := m.UpTo(ctx, parent); err != nil {
		return nil, fmt.Errorf("migrate to %s: %w", parent, err)
	}
	if err := runFile(gdb, seed); err != nil {
		return nil, err
	}
	if r.Before, err = read(ctx, url); err != nil {
		return nil, err
	}
	if err := m.Up(ctx); err != nil {
		return nil, fmt.Errorf("migrate to %s: %w", h.Head(), err)
	}
	if r.Head, err = read(ctx, url); err != nil {
		return nil, err
	}
	if err := m.Down(ctx, parent); err != nil {
		return nil, fmt.Errorf("roll back to %s: %w", parent, err)
	}
	if r.Back, err = read(ctx, url); err != nil {
		return nil, err
	}
	old, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}, oldmodels.All()...)
	if err != nil {
		return nil, fmt.Errorf("old models: %w", err)
	}
	cur, err := gormschema.Read(&gormschema.Options{Dialector: connect.Dialector(dialect.Postgres)}, models.All()...)
	if err != nil {
		return nil, fmt.Errorf("new models: %w", err)
	}
	r.OldModels, r.NewModels = old.Schema, cur.Schema
	return r, nil
}

func closeDB(gdb *gorm.DB) {
	if sqlDB, err := gdb.DB(); err == nil {
		sqlDB.Close()
	}
}

// runFile runs each non-empty line of the file at path as a statement.
func runFile(gdb *gorm.DB, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		stmt := strings.TrimSpace(lines.Text())
		if stmt == "" {
			continue
		}
		if err := gdb.Exec(stmt).Error; err != nil {
			return fmt.Errorf("seed %q: %w", stmt, err)
		}
	}
	return lines.Err()
}

// read reads the catalog and every row of every table, on a connection of
// its own: PostgreSQL refuses a statement prepared before the migration
// changed the table's columns.
func read(ctx context.Context, url string) (state, error) {
	gdb, err := db.Open(ctx, url)
	if err != nil {
		return state{}, err
	}
	defer closeDB(gdb)
	s, err := inspect.Schema(ctx, gdb)
	if err != nil {
		return state{}, err
	}
	st := state{Catalog: s, Rows: map[string][]map[string]*string{}}
	for _, t := range s.Tables {
		if st.Rows[t.Name], err = dump(gdb, t.Name); err != nil {
			return state{}, fmt.Errorf("read table %q: %w", t.Name, err)
		}
	}
	return st, nil
}

// dump reads every row of table, ordered by _id.
func dump(gdb *gorm.DB, table string) ([]map[string]*string, error) {
	rows, err := gdb.Raw(`SELECT * FROM "` + table + `" ORDER BY "_id"`).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := []map[string]*string{}
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := map[string]*string{}
		for i, c := range cols {
			row[c] = text(values[i])
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// text renders a scanned value; nil stays nil (NULL).
func text(v any) *string {
	var s string
	switch v := v.(type) {
	case nil:
		return nil
	case []byte:
		s = string(v)
	case time.Time:
		s = v.UTC().Format(time.RFC3339Nano)
	default:
		s = fmt.Sprint(v)
	}
	return &s
}
