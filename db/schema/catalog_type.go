package schema

import (
	"strconv"
	"strings"
	"sync"
)

// ParseCatalogType reads a type as a catalog reports it (PostgreSQL's
// format_type, SQLite's declared type) without losing anything: the kinds
// ParseType knows, with a timestamp's precision kept ("timestamp(3) without
// time zone" is KindTimestamp with Precision 3), and every other type,
// fixed-length "character(2)" included, as KindRaw with the spelling
// trimmed of surrounding space. It never fails; an empty spelling (a
// SQLite column declared without a type) is KindRaw with an empty Raw.
func ParseCatalogType(sql string) Type {
	if t, ok := catalogTypes.Load(sql); ok {
		return t.(Type)
	}
	t := parseCatalogType(sql)
	catalogTypes.Store(sql, t)
	return t
}

// catalogTypes remembers ParseCatalogType's answers: a schema spells the
// same few types on every column, and the parse runs regular expressions.
var catalogTypes sync.Map // string → Type

func parseCatalogType(sql string) Type {
	s := strings.TrimSpace(sql)
	if isFixedChar(s) {
		return Type{Kind: KindRaw, Raw: s}
	}
	t, err := ParseType(s)
	if err != nil {
		return Type{Kind: KindRaw, Raw: s}
	}
	if t.Kind == KindTimestamp || t.Kind == KindTimestampTZ {
		t.Precision = timestampPrecision(s)
	}
	return t
}

// isFixedChar reports whether s is a fixed-length character type, which
// ParseType folds into KindString (varchar).
func isFixedChar(s string) bool {
	m := typePattern.FindStringSubmatch(strings.ToLower(s))
	return m != nil && (strings.TrimSpace(m[1]) == "character" || strings.TrimSpace(m[1]) == "char")
}

// timestampPrecision returns the n of "timestamp(n) …", or 0.
func timestampPrecision(s string) int {
	m := typePattern.FindStringSubmatch(strings.ToLower(s))
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[2])
	return n
}
