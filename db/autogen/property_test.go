package autogen

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/matar-app/matardb/db/inspect"
	"github.com/matar-app/matardb/db/op"
	"github.com/matar-app/matardb/db/schema"
	"github.com/matar-app/matardb/internal/testdb"
)

// gen makes random schemas and random changes of them, reproducibly from a
// seed. With forDB set it keeps to changes a database holding one row per
// table can make and read back exactly (see dbChanges).
type gen struct {
	r     *rand.Rand
	n     int
	forDB bool
}

func newGen(seed uint64, forDB bool) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, 0x5eed)), forDB: forDB}
}

func (g *gen) fresh(prefix string) string { g.n++; return fmt.Sprintf("%s%d", prefix, g.n) }
func (g *gen) chance(p float64) bool      { return g.r.Float64() < p }

func pick[T any](g *gen, items []T) T { return items[g.r.IntN(len(items))] }

// typeFamilies groups the types a database converts into one another
// without an explicit cast; a database test changes types only within one.
var typeFamilies = [][]schema.Type{
	{op.String, op.VarChar(40), op.VarChar(80), op.Text},
	{op.SmallInt, op.Integer, op.BigInt},
	{op.Real, op.Double},
	{op.Numeric(10, 2), op.Numeric(12, 4)},
	{op.Boolean}, {op.Timestamp}, {op.TimestampTZ}, {op.Date},
	{op.JSON}, {op.JSONB}, {op.Bytes}, {op.UUID},
}

func (g *gen) anyType() schema.Type { return pick(g, pick(g, typeFamilies)) }

// literal is a value of type t, as SQL both dialects accept.
func literal(t schema.Type) string {
	switch t.Kind {
	case schema.KindString, schema.KindText:
		return "'v'"
	case schema.KindSmallInt, schema.KindInteger, schema.KindBigInt:
		return "1"
	case schema.KindBoolean:
		return "true"
	case schema.KindReal, schema.KindDouble, schema.KindNumeric:
		return "1.5"
	case schema.KindTimestamp:
		return "'2024-01-02 03:04:05'"
	case schema.KindTimestampTZ:
		return "'2024-01-02 03:04:05+00'"
	case schema.KindDate:
		return "'2024-01-02'"
	case schema.KindJSON, schema.KindJSONB:
		return `'{"a": 1}'`
	case schema.KindBytes:
		return `'\x0102'`
	case schema.KindUUID:
		return "'00000000-0000-0000-0000-000000000001'"
	}
	return "NULL"
}

// defaultFor is a default for type t, or "" for types the test gives none.
func defaultFor(t schema.Type) string {
	switch t.Kind {
	case schema.KindString, schema.KindText:
		return "'d'"
	case schema.KindSmallInt, schema.KindInteger, schema.KindBigInt:
		return "7"
	case schema.KindBoolean:
		return "false"
	case schema.KindReal, schema.KindDouble, schema.KindNumeric:
		return "2.5"
	case schema.KindTimestamp, schema.KindTimestampTZ:
		return "CURRENT_TIMESTAMP"
	case schema.KindDate:
		return "'2020-01-01'"
	case schema.KindJSON, schema.KindJSONB:
		return "'{}'"
	}
	return ""
}

func isInteger(t schema.Type) bool {
	return t.Kind == schema.KindSmallInt || t.Kind == schema.KindInteger || t.Kind == schema.KindBigInt
}

// column is a fresh column of a random type, NOT NULL, default and comment
// at random.
func (g *gen) column() *schema.Column {
	c := &schema.Column{Name: g.fresh("c"), Type: g.anyType(), NotNull: g.chance(0.3)}
	if g.chance(0.3) {
		c.Default = defaultFor(c.Type)
	}
	if g.chance(0.2) {
		c.Comment = g.fresh("note ")
	}
	return c
}

// schema is a random schema of one to four tables.
func (g *gen) schema() *schema.Schema {
	s := &schema.Schema{}
	for range 1 + g.r.IntN(4) {
		g.addTable(s)
	}
	return s
}

// addTable adds a table with a primary key "id", random columns, foreign
// keys to random tables (itself included), indexes and checks.
func (g *gen) addTable(s *schema.Schema) {
	t := &schema.Table{Name: g.fresh("t"), PrimaryKey: []string{"id"}}
	t.Columns = []*schema.Column{{Name: "id", Type: pick(g, []schema.Type{op.Integer, op.String}), NotNull: true}}
	for range g.r.IntN(5) {
		t.Columns = append(t.Columns, g.column())
	}
	s.Tables = append(s.Tables, t)
	for range g.r.IntN(3) {
		g.addForeignKey(s, t)
	}
	for range g.r.IntN(3) {
		g.addIndex(s, t)
	}
	for range g.r.IntN(3) {
		g.addCheck(t)
	}
	s.Sort()
}

// addForeignKey adds a nullable column to t and a foreign key from it to
// the primary key of a random table.
func (g *gen) addForeignKey(s *schema.Schema, t *schema.Table) {
	ref := pick(g, s.Tables)
	c := &schema.Column{Name: g.fresh("c"), Type: ref.Column("id").Type}
	t.Columns = append(t.Columns, c)
	t.ForeignKeys = append(t.ForeignKeys, &schema.ForeignKey{
		Name: t.Name + "_" + c.Name + "_fkey", Columns: []string{c.Name},
		RefTable: ref.Name, RefColumns: []string{"id"},
		OnDelete: pick(g, []string{"", "CASCADE", "SET NULL", "RESTRICT"}),
	})
	t.Sort()
}

// addIndex adds an index over one or two columns (not json, which
// PostgreSQL cannot index), unique at random.
func (g *gen) addIndex(s *schema.Schema, t *schema.Table) {
	cols := slices.DeleteFunc(slices.Clone(t.Columns), func(c *schema.Column) bool { return c.Type.Kind == schema.KindJSON })
	g.r.Shuffle(len(cols), func(i, j int) { cols[i], cols[j] = cols[j], cols[i] })
	cols = cols[:min(len(cols), 1+g.r.IntN(2))]
	if len(cols) == 0 {
		return
	}
	idx := &schema.Index{Name: g.fresh("ix"), Unique: g.chance(0.3)}
	for _, c := range cols {
		idx.Columns = append(idx.Columns, c.Name)
	}
	t.Indexes = append(t.Indexes, idx)
	t.Sort()
}

// addCheck adds a check on an integer column that the test rows satisfy.
func (g *gen) addCheck(t *schema.Table) {
	ints := slices.DeleteFunc(slices.Clone(t.Columns), func(c *schema.Column) bool { return !isInteger(c.Type) })
	if len(ints) == 0 {
		return
	}
	c := pick(g, ints)
	t.Checks = append(t.Checks, &schema.Check{Name: g.fresh("ck"), Expr: pick(g, []string{`"%s" >= 0`, `"%s" < 100`})})
	t.Checks[len(t.Checks)-1].Expr = fmt.Sprintf(t.Checks[len(t.Checks)-1].Expr, c.Name)
	t.Sort()
}

// change is a random new schema made from a, with the options that tell
// Diff about its renames and backfill values.
type change struct {
	b    *schema.Schema
	opts Options
}

// change derives b from a: table renames, then column renames, then a few
// random changes of any other kind. Every column gets a backfill value,
// which Diff uses for those that are added NOT NULL without a default.
func (g *gen) change(a *schema.Schema) change {
	c := change{b: a.Clone(), opts: Options{
		TableRenames: map[string]string{}, ColumnRenames: map[string]map[string]string{}, Backfill: map[string]string{},
	}}
	for _, t := range slices.Clone(c.b.Tables) {
		if g.chance(0.2) {
			name := g.fresh("t")
			c.opts.TableRenames[name] = t.Name
			must(op.RenameTable(t.Name, name).Mutate(c.b))
		}
	}
	for _, t := range c.b.Tables {
		for _, col := range slices.Clone(t.Columns) {
			if col.Name != "id" && g.chance(0.1) {
				g.renameColumn(&c, t, col.Name)
			}
		}
	}
	n := 1 + g.r.IntN(6)
	if g.forDB {
		n += 4 // fewer seeds run on databases: make each cover more
	}
	for range n {
		pick(g, changes)(g, &c)
	}
	c.b.Sort()
	for _, t := range c.b.Tables {
		for _, col := range t.Columns {
			c.opts.Backfill[t.Name+"."+col.Name] = literal(col.Type)
		}
	}
	return c
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// renameColumn renames column old of t and rewrites the checks that name
// it, as a model author would.
func (g *gen) renameColumn(c *change, t *schema.Table, old string) {
	name := g.fresh("c")
	must(op.RenameColumn(t.Name, old, name).Mutate(c.b))
	for _, k := range t.Checks {
		k.Expr = strings.ReplaceAll(k.Expr, `"`+old+`"`, `"`+name+`"`)
	}
	if c.opts.ColumnRenames[t.Name] == nil {
		c.opts.ColumnRenames[t.Name] = map[string]string{}
	}
	c.opts.ColumnRenames[t.Name][name] = old
}

// changes are the random changes change picks from.
var changes = []func(g *gen, c *change){
	func(g *gen, c *change) { g.addTable(c.b) },
	(*gen).dropTable,
	(*gen).addColumn,
	(*gen).dropColumn,
	(*gen).alterColumn,
	(*gen).alterColumn,
	func(g *gen, c *change) {
		if t := g.table(c); t != nil {
			g.addIndex(c.b, t)
		}
	},
	(*gen).dropOrChangeIndex,
	func(g *gen, c *change) {
		if t := g.table(c); t != nil {
			g.addForeignKey(c.b, t)
		}
	},
	(*gen).dropOrChangeForeignKey,
	func(g *gen, c *change) {
		if t := g.table(c); t != nil {
			g.addCheck(t)
		}
	},
	(*gen).dropOrChangeCheck,
}

func (g *gen) table(c *change) *schema.Table {
	if len(c.b.Tables) == 0 {
		return nil
	}
	return pick(g, c.b.Tables)
}

// dropTable drops a random table and the foreign keys that reference it
// (in a database test, with their columns, so that the downgrade can add
// them back over the rows).
func (g *gen) dropTable(c *change) {
	t := g.table(c)
	if t == nil {
		return
	}
	for _, u := range c.b.Tables {
		for _, f := range slices.Clone(u.ForeignKeys) {
			if f.RefTable == t.Name && u != t {
				must(op.DropForeignKey(u.Name, f.Name).Mutate(c.b))
				if g.forDB {
					g.dropColumnOf(c, u, f.Columns[0])
				}
			}
		}
	}
	must(op.DropTable(t.Name).Mutate(c.b))
	delete(c.opts.TableRenames, t.Name)
	delete(c.opts.ColumnRenames, t.Name)
}

// addColumn adds a random column to a random table.
func (g *gen) addColumn(c *change) {
	if t := g.table(c); t != nil {
		t.Columns = append(t.Columns, g.column())
	}
}

func (g *gen) dropColumn(c *change) {
	t := g.table(c)
	if t == nil || len(t.Columns) < 2 {
		return
	}
	g.dropColumnOf(c, t, pick(g, t.Columns[1:]).Name)
}

// dropColumnOf drops column name of t with the indexes, foreign keys and
// checks that use it.
func (g *gen) dropColumnOf(c *change, t *schema.Table, name string) {
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(f *schema.ForeignKey) bool { return slices.Contains(f.Columns, name) })
	t.Checks = slices.DeleteFunc(t.Checks, func(k *schema.Check) bool { return mentions(k.Expr, name) })
	must(op.DropColumn(t.Name, name).Mutate(c.b))
	delete(c.opts.ColumnRenames[t.Name], name)
}

// alterColumn changes some of a random column's type, nullability, default
// and comment. A database test keeps the type in its family and leaves
// foreign key columns alone, whose values must match a row.
func (g *gen) alterColumn(c *change) {
	t := g.table(c)
	if t == nil || len(t.Columns) < 2 {
		return
	}
	col := pick(g, t.Columns[1:])
	if g.forDB && slices.ContainsFunc(t.ForeignKeys, func(f *schema.ForeignKey) bool { return slices.Contains(f.Columns, col.Name) }) {
		return
	}
	if g.chance(0.5) {
		if g.forDB {
			col.Type = pick(g, familyOf(col.Type))
		} else {
			col.Type = g.anyType()
		}
		if col.Default != "" {
			col.Default = defaultFor(col.Type)
		}
		if col.Type.Kind == schema.KindJSON {
			t.Indexes = slices.DeleteFunc(t.Indexes, func(i *schema.Index) bool { return slices.Contains(i.Columns, col.Name) })
		}
	}
	if g.chance(0.4) {
		col.NotNull = !col.NotNull
	}
	if g.chance(0.4) {
		col.Default = map[bool]string{true: "", false: defaultFor(col.Type)}[col.Default != ""]
	}
	if g.chance(0.3) {
		col.Comment = g.fresh("comment ")
	}
}

func familyOf(t schema.Type) []schema.Type {
	for _, f := range typeFamilies {
		if slices.Contains(f, t) {
			return f
		}
	}
	return []schema.Type{t}
}

func (g *gen) dropOrChangeIndex(c *change) {
	t := g.table(c)
	if t == nil || len(t.Indexes) == 0 {
		return
	}
	i := pick(g, t.Indexes)
	if g.chance(0.5) {
		i.Unique = !i.Unique
		return
	}
	t.Indexes = slices.DeleteFunc(t.Indexes, func(x *schema.Index) bool { return x == i })
}

func (g *gen) dropOrChangeForeignKey(c *change) {
	t := g.table(c)
	if t == nil || len(t.ForeignKeys) == 0 {
		return
	}
	f := pick(g, t.ForeignKeys)
	if g.chance(0.5) {
		f.OnDelete = pick(g, slices.DeleteFunc([]string{"", "CASCADE", "SET NULL", "RESTRICT"}, func(a string) bool { return a == f.OnDelete }))
		return
	}
	t.ForeignKeys = slices.DeleteFunc(t.ForeignKeys, func(x *schema.ForeignKey) bool { return x == f })
	if g.forDB { // else the downgrade, re-adding it, may find a row pointing at a table dropped meanwhile
		g.dropColumnOf(c, t, f.Columns[0])
	}
}

func (g *gen) dropOrChangeCheck(c *change) {
	t := g.table(c)
	if t == nil || len(t.Checks) == 0 {
		return
	}
	k := pick(g, t.Checks)
	if g.chance(0.5) {
		if strings.Contains(k.Expr, ">=") {
			k.Expr = strings.Replace(k.Expr, ">= 0", "< 100", 1)
		} else {
			k.Expr = strings.Replace(k.Expr, "< 100", ">= 0", 1)
		}
		return
	}
	t.Checks = slices.DeleteFunc(t.Checks, func(x *schema.Check) bool { return x == k })
}

// propertySeeds is how many random schema pairs the in-memory property
// test tries.
const propertySeeds = 400

func TestDiffOfRandomSchemasReplaysUpToTheNewAndDownToTheOld(t *testing.T) {
	kinds := map[string]int{}
	defer func() {
		for _, k := range allKinds {
			if kinds[k] < 10 {
				t.Errorf("the generator made only %d %s operations in %d plans", kinds[k], k, propertySeeds)
			}
		}
		t.Logf("operations planned: %v", kinds)
	}()
	for seed := range uint64(propertySeeds) {
		g := newGen(seed, false)
		a := g.schema()
		c := g.change(a)
		if err := validateSchema(canonicalSchema(c.b)); err != nil {
			t.Fatalf("seed %d: the generator made a bad schema: %v", seed, err)
		}
		p, err := Diff(a, c.b, c.opts)
		if err != nil {
			t.Fatalf("seed %d: Diff: %v\n%s", seed, err, describe(a, c))
		}
		up, err := tryMutate(a, p.Up...)
		if err != nil {
			t.Fatalf("seed %d: Up does not apply: %v\n%s", seed, err, describe(a, c))
		}
		if d := schemaDifference(up, c.b); d != "" {
			t.Fatalf("seed %d: Up gives %s\n%s", seed, d, describe(a, c))
		}
		down, err := tryMutate(up, p.Down...)
		if err != nil {
			t.Fatalf("seed %d: Down does not apply: %v", seed, err)
		}
		if d := schemaDifference(down, a); d != "" {
			t.Fatalf("seed %d: Down gives %s", seed, d)
		}
		again, err := Diff(up, c.b, c.opts)
		if err != nil || !again.Empty() {
			t.Fatalf("seed %d: Diff after Up = %v, %v; want an empty plan", seed, goStrings(again.Up), err)
		}
		if p2, _ := Diff(a, c.b, c.opts); !slices.Equal(goStrings(p2.Up), goStrings(p.Up)) {
			t.Fatalf("seed %d: Diff is not deterministic", seed)
		}
		countKinds(kinds, p.Up)
		for _, o := range p.Up {
			switch o.(type) {
			case op.DropTableOp, op.DropColumnOp:
				if !slices.Contains(p.DataLoss, o) {
					t.Fatalf("seed %d: %s is not in DataLoss", seed, o)
				}
			}
		}
	}
}

// allKinds are the kinds of operation a plan can hold, as countKinds names
// them; the Backfill kind is an AddColumn with a backfill value.
var allKinds = []string{"RenameTable", "RenameColumn", "CreateTable", "DropTable", "AddColumn", "Backfill",
	"DropColumn", "AlterColumn", "CreateIndex", "DropIndex", "AddForeignKey", "DropForeignKey", "AddCheck", "DropCheck"}

// countKinds counts the operations of ops by kind.
func countKinds(kinds map[string]int, ops []op.Op) {
	for _, o := range ops {
		kinds[strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%T", o), "op."), "Op")]++
		if add, ok := o.(op.AddColumnOp); ok && add.Fill != "" {
			kinds["Backfill"]++
		}
	}
}

// describe renders a generated case for a failure message.
func describe(a *schema.Schema, c change) string {
	ja, _ := schema.MarshalSnapshot(&schema.Snapshot{Schema: *a})
	jb, _ := schema.MarshalSnapshot(&schema.Snapshot{Schema: *c.b})
	return fmt.Sprintf("a = %s\nb = %s\nrenames: %v %v", ja, jb, c.opts.TableRenames, sortedRenames(c.opts.ColumnRenames))
}

func sortedRenames(m map[string]map[string]string) []string {
	var out []string
	for _, t := range slices.Sorted(maps.Keys(m)) {
		out = append(out, fmt.Sprintf("%s:%v", t, m[t]))
	}
	return out
}

// dbSeeds is how many random schema pairs the database property test runs
// on each dialect.
const dbSeeds = 15

func TestDiffOfRandomSchemasRunsOnRealDatabasesAndKeepsRows(t *testing.T) {
	t.Parallel()
	kinds := map[string]int{}
	for seed := range uint64(dbSeeds) {
		g := newGen(1000+seed, true)
		a := g.schema()
		c := g.change(a)
		if p, err := Diff(a, c.b, c.opts); err == nil {
			countKinds(kinds, p.Up)
		}
	}
	for _, k := range allKinds {
		if kinds[k] == 0 {
			t.Errorf("the %d database cases plan no %s operation", dbSeeds, k)
		}
	}
	for seed := range uint64(dbSeeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			testdb.Both(t, func(t *testing.T, gdb *gorm.DB) { roundTrip(t, gdb, seed) })
		})
	}
}

// roundTrip builds a random schema a on gdb with a row in every table,
// applies the plan to a random b, checks the catalog is b and the rows are
// there, then applies the downgrade and checks the catalog is a again and
// the rows still there.
func roundTrip(t *testing.T, gdb *gorm.DB, seed uint64) {
	g := newGen(1000+seed, true)
	a := g.schema()
	c := g.change(a)
	create, err := Diff(nil, a, Options{})
	if err != nil {
		t.Fatalf("plan the creation of a: %v", err)
	}
	p, err := Diff(a, c.b, c.opts)
	if err != nil {
		t.Fatalf("Diff: %v", err)
	}
	db := newLiveDB(t, gdb)
	db.run("create a", create.Up)
	db.fill(a)
	db.expect("a", a)
	before := db.rows(a)
	kept := survivors(a, c)

	db.run("upgrade", p.Up)
	db.expect("b", c.b)
	db.compareRows("after the upgrade", before, kept, true)

	db.run("downgrade", p.Down)
	db.expect("a after the downgrade", a)
	db.compareRows("after the downgrade", before, kept, false)
	if t.Failed() {
		t.Logf("plan:\n%s\n%s", strings.Join(goStrings(p.Up), "\n"), describe(a, c))
	}
}

// liveDB is a test database that operations run on, each batch in a
// transaction, as migrations run.
type liveDB struct {
	t      *testing.T
	gdb    *gorm.DB
	sqlite bool
	reads  int
}

// newLiveDB prepares gdb: on SQLite, one connection with foreign keys off,
// as the migration runner does, since table rebuilds need them off.
func newLiveDB(t *testing.T, gdb *gorm.DB) *liveDB {
	db := &liveDB{t: t, gdb: gdb, sqlite: gdb.Dialector.Name() == "sqlite"}
	if db.sqlite {
		sqlDB, err := gdb.DB()
		if err != nil {
			t.Fatal(err)
		}
		sqlDB.SetMaxOpenConns(1)
		db.exec("PRAGMA foreign_keys = OFF")
	}
	return db
}

func (db *liveDB) exec(sql string) {
	db.t.Helper()
	if err := db.gdb.Exec(sql).Error; err != nil {
		db.t.Fatalf("%s: %v", sql, err)
	}
}

// run applies ops in one transaction; on SQLite it then checks that no
// foreign key is broken.
func (db *liveDB) run(what string, ops []op.Op) {
	db.t.Helper()
	err := db.gdb.Transaction(func(tx *gorm.DB) error { return op.Apply(tx, ops...) })
	if err != nil {
		db.t.Fatalf("%s: %v\nplan:\n%s", what, err, strings.Join(goStrings(ops), "\n"))
	}
	if db.sqlite {
		var broken []map[string]any
		if err := db.gdb.Raw("PRAGMA foreign_key_check").Scan(&broken).Error; err != nil || len(broken) > 0 {
			db.t.Fatalf("%s: foreign key check: %v %v", what, broken, err)
		}
	}
}

// fill inserts one row into every table of s: every column gets a value,
// foreign key columns last, pointing at the row of the table they
// reference (whose id has the same value).
func (db *liveDB) fill(s *schema.Schema) {
	db.t.Helper()
	isKey := func(t *schema.Table, c string) bool {
		return slices.ContainsFunc(t.ForeignKeys, func(f *schema.ForeignKey) bool { return slices.Contains(f.Columns, c) })
	}
	for _, t := range s.Tables {
		var names, values []string
		for _, c := range t.Columns {
			if !isKey(t, c.Name) {
				names, values = append(names, quoteIdent(c.Name)), append(values, literal(c.Type))
			}
		}
		db.exec(fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(t.Name), strings.Join(names, ", "), strings.Join(values, ", ")))
	}
	for _, t := range s.Tables {
		for _, c := range t.Columns {
			if isKey(t, c.Name) {
				db.exec(fmt.Sprintf("UPDATE %s SET %s = %s", quoteIdent(t.Name), quoteIdent(c.Name), literal(c.Type)))
			}
		}
	}
}

func quoteIdent(name string) string { return `"` + name + `"` }

// expect checks that the database's catalog is want: check expressions
// compared loosely (PostgreSQL rewrites them) and, on SQLite, which has
// none, without column comments.
func (db *liveDB) expect(what string, want *schema.Schema) {
	db.t.Helper()
	got, err := inspect.Schema(context.Background(), db.gdb)
	if err != nil {
		db.t.Fatalf("inspect %s: %v", what, err)
	}
	if d := schemaDifference(db.view(got), db.view(want)); d != "" {
		db.t.Errorf("the database does not hold %s: %s", what, d)
	}
}

func (db *liveDB) view(s *schema.Schema) *schema.Schema {
	c := s.Clone()
	for _, t := range c.Tables {
		for _, k := range t.Checks {
			k.Expr = strings.NewReplacer(`"`, "", "(", "", ")", "", " ", "").Replace(strings.ToLower(k.Expr))
		}
		for _, col := range t.Columns {
			if db.sqlite {
				// SQLite keeps no comments, and no time zones: a
				// timestamptz is declared datetime (see op).
				col.Comment = ""
				if col.Type.Kind == schema.KindTimestampTZ {
					col.Type = schema.Type{Kind: schema.KindTimestamp}
				}
			}
		}
	}
	return c
}

// rows reads the one row of every table of s: table -> column -> value.
func (db *liveDB) rows(s *schema.Schema) map[string]map[string]string {
	db.t.Helper()
	out := map[string]map[string]string{}
	for _, t := range s.Tables {
		out[t.Name] = db.row(t.Name)
	}
	return out
}

func (db *liveDB) row(table string) map[string]string {
	db.t.Helper()
	db.reads++ // a new text each time: pgx caches statements, and their result types
	rows, err := db.gdb.Raw(fmt.Sprintf("SELECT * FROM %s /* read %d */", quoteIdent(table), db.reads)).Rows()
	if err != nil {
		db.t.Fatalf("read %s: %v", table, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	row := map[string]string{}
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			db.t.Fatalf("read %s: %v", table, err)
		}
		for i, c := range cols {
			if b, ok := values[i].([]byte); ok {
				values[i] = string(b)
			}
			row[c] = fmt.Sprint(values[i])
		}
	}
	if err := rows.Err(); err != nil {
		db.t.Fatalf("read %s: %v", table, err)
	}
	return row
}

// survivor is a column of a that b keeps with its type: its value must
// survive the upgrade (under its new names) and the downgrade.
type survivor struct{ aTable, aColumn, bTable, bColumn string }

func survivors(a *schema.Schema, c change) []survivor {
	var out []survivor
	for _, t := range a.Tables {
		bt := c.b.Table(renamedTo(c.opts.TableRenames, t.Name))
		if bt == nil {
			continue
		}
		for _, col := range t.Columns {
			bc := bt.Column(renamedTo(c.opts.ColumnRenames[bt.Name], col.Name))
			if bc != nil && bc.Type == col.Type {
				out = append(out, survivor{t.Name, col.Name, bt.Name, bc.Name})
			}
		}
	}
	return out
}

// renamedTo returns the new name that renames (new -> old) gives old.
func renamedTo(renames map[string]string, old string) string {
	for name, o := range renames {
		if o == old {
			return name
		}
	}
	return old
}

// compareRows checks that every survivor holds the value it had in before.
func (db *liveDB) compareRows(what string, before map[string]map[string]string, kept []survivor, renamed bool) {
	db.t.Helper()
	read := map[string]map[string]string{}
	for _, s := range kept {
		table, column := s.aTable, s.aColumn
		if renamed {
			table, column = s.bTable, s.bColumn
		}
		if read[table] == nil {
			read[table] = db.row(table)
		}
		if got, want := read[table][column], before[s.aTable][s.aColumn]; got != want {
			db.t.Errorf("%s: %s.%s = %q, want %q (%s.%s before)", what, table, column, got, want, s.aTable, s.aColumn)
		}
	}
}
