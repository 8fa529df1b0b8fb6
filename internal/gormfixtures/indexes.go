package gormfixtures

import "github.com/matar-app/matardb/internal/oracle"

// Article carries every index option GORM's tags have on PostgreSQL: a GIN
// index (type:gin) on a jsonb column, an expression index, descending
// order, a partial index (where:), a collation, an operator class (written
// in expression:, GORM has no tag for it), a composite index ordered by
// priority:, length: (ignored on PostgreSQL), class:UNIQUE and
// option:CONCURRENTLY (which leaves no trace in the catalog).
type Article struct {
	ID       uint
	Attrs    Document `gorm:"index:idx_article_attrs,type:gin"`
	Title    string   `gorm:"size:200;index:idx_article_title_lower,expression:lower(title)"`
	Slug     string   `gorm:"size:80;index:,sort:desc"`
	Status   string   `gorm:"size:16;index:idx_article_live,where:status = 'live'"`
	Code     string   `gorm:"size:20;index:,collate:\"C\""`
	Headline string   `gorm:"index:idx_article_headline,expression:headline text_pattern_ops"`
	Region   string   `gorm:"size:8;index:idx_article_region_rank,priority:2"`
	Rank     int      `gorm:"index:idx_article_region_rank,priority:1"`
	Summary  string   `gorm:"index:,length:10"`
	Ref      string   `gorm:"size:30;index:,class:UNIQUE"`
	Batch    int      `gorm:"index:,option:CONCURRENTLY"`
}

// PostgresIndexes is the index-option idiom on PostgreSQL (type:gin and
// option: have no SQLite form).
func PostgresIndexes() Fixture {
	return Fixture{
		Name:     "index options (PostgreSQL)",
		Dialects: postgresOnly,
		Set:      oracle.Set{Models: []any{&Article{}}},
		Expected: postgresIndexesSchema,
	}
}

// Entry carries the index options GORM's SQLite dialect renders: an
// expression index, descending order, a partial index, a collation, a
// composite index ordered by priority: and class:UNIQUE.
type Entry struct {
	ID     uint
	Title  string `gorm:"index:idx_entry_title_lower,expression:lower(title)"`
	Slug   string `gorm:"index:,sort:desc"`
	Status string `gorm:"index:idx_entry_live,where:status = 'live'"`
	Code   string `gorm:"index:,collate:NOCASE"`
	Region string `gorm:"index:idx_entry_region_rank,priority:2"`
	Rank   int    `gorm:"index:idx_entry_region_rank,priority:1"`
	Ref    string `gorm:"index:,class:UNIQUE"`
}

// SQLiteIndexes is the index-option idiom on SQLite.
func SQLiteIndexes() Fixture {
	return Fixture{
		Name:     "index options (SQLite)",
		Dialects: sqliteOnly,
		Set:      oracle.Set{Models: []any{&Entry{}}},
		Expected: sqliteIndexesSchema,
	}
}

// Account has unique indexes (uniqueIndex, alone and composite) and a
// unique constraint (unique).
type Account struct {
	ID     uint
	Email  string `gorm:"size:120;uniqueIndex"`
	Handle string `gorm:"size:40;unique"`
	Tenant string `gorm:"size:20;uniqueIndex:idx_account_tenant_number"`
	Number int    `gorm:"uniqueIndex:idx_account_tenant_number"`
}

// Unique is the uniqueIndex / unique idiom, on both dialects.
func Unique() Fixture {
	return Fixture{
		Name:     "uniqueIndex and unique",
		Dialects: both,
		Set:      oracle.Set{Models: []any{&Account{}}},
		Expected: uniqueSchema,
	}
}
