package lint

import (
	"slices"
	"strconv"
	"strings"
)

// sqlType is a column type, with PostgreSQL's aliases folded into one name
// (varchar, integer, timestamptz…) and its modifiers as numbers.
type sqlType struct {
	name  string
	mods  []int // varchar(n), numeric(p,s); empty when unconstrained
	array bool
}

func (t sqlType) String() string {
	s := t.name
	if len(t.mods) > 0 {
		m := make([]string, len(t.mods))
		for i, n := range t.mods {
			m[i] = strconv.Itoa(n)
		}
		s += "(" + strings.Join(m, ",") + ")"
	}
	if t.array {
		s += "[]"
	}
	return s
}

// typeAliases maps the spellings PostgreSQL accepts to one name each.
var typeAliases = map[string]string{
	"character varying": "varchar", "char varying": "varchar",
	"character": "char", "bpchar": "char",
	"int": "integer", "int4": "integer", "int8": "bigint", "int2": "smallint",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
	"time without time zone": "time", "time with time zone": "timetz",
	"double precision": "double", "float8": "double", "float4": "real", "float": "double",
	"decimal": "numeric", "bool": "boolean", "bit varying": "varbit",
}

// parseType reads a type from its tokens; a zero sqlType when it cannot.
func parseType(toks []token) sqlType {
	var words []string
	var t sqlType
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		switch {
		case tk.kind == tokWord || tk.kind == tokQuoted:
			words = append(words, tk.text)
		case tk.punct("."):
			words = nil // a schema-qualified type: keep its last part
		case tk.punct("("):
			end := slices.IndexFunc(toks[i:], func(t token) bool { return t.punct(")") })
			if end < 0 {
				return sqlType{}
			}
			t.mods = typeMods(toks[i+1 : i+end])
			i += end
		case tk.punct("["):
			t.array = true
		case tk.punct("]") || tk.kind == tokNumber:
		default:
			return sqlType{}
		}
	}
	name := strings.Join(words, " ")
	a, ok := typeAliases[name]
	switch {
	case ok:
		name = a
	case len(words) > 1: // only the standard's spellings have several words
		return sqlType{}
	}
	t.name = name
	return t
}

func typeMods(toks []token) []int {
	var mods []int
	for _, t := range toks {
		if n, err := strconv.Atoi(t.text); err == nil && t.kind == tokNumber {
			mods = append(mods, n)
		}
	}
	return mods
}

// rewrites reports whether changing a column from one type to another
// rewrites the table. Only the changes PostgreSQL makes without touching a
// row are free: the same type, varchar(n) to a longer or unbounded varchar or
// to text, text to unbounded varchar, numeric(p,s) to numeric(q>=p,s) or to
// unconstrained numeric, and cidr to inet. Everything else — int to bigint,
// timestamp to timestamptz, a shorter varchar — rewrites (or scans) it.
func rewrites(from, to sqlType) bool {
	if from.array != to.array {
		return true
	}
	if from.name == to.name && slices.Equal(from.mods, to.mods) {
		return false
	}
	switch {
	case from.name == "varchar" && to.name == "text",
		from.name == "text" && to.name == "varchar" && len(to.mods) == 0,
		from.name == "cidr" && to.name == "inet":
		return false
	case from.name == to.name && (to.name == "varchar" || to.name == "varbit"):
		return !widens(from.mods, to.mods, 0)
	case from.name == to.name && to.name == "numeric":
		return !widens(from.mods, to.mods, 1)
	}
	return true
}

// widens reports whether modifiers to allow everything from does: no
// modifiers at all, or the first at least as large and the rest (up to
// keep) equal.
func widens(from, to []int, keep int) bool {
	if len(to) == 0 {
		return true
	}
	if len(from) == 0 || len(from) != len(to) || to[0] < from[0] {
		return false
	}
	return slices.Equal(from[1:], to[1:]) || keep == 0
}

// stableFunctions may appear in a default added to an existing table: PG11+
// evaluates a non-volatile default once and stores it in the catalog, so no
// row is rewritten. now() is stable: every existing row gets the moment of
// the migration, which is what the column's default means.
var stableFunctions = []string{
	"now", "statement_timestamp", "transaction_timestamp", "current_date", "current_timestamp",
	"localtimestamp", "cast", "coalesce", "lower", "upper", "concat", "array", "jsonb_build_object",
	"json_build_object", "jsonb_build_array", "json_build_array", "to_jsonb", "to_json",
}

// volatileDefault names the function that makes a default volatile (or
// that the linter cannot vouch for), or returns "" for a constant or a
// stable expression.
func volatileDefault(expr []token) string {
	for i := 0; i+1 < len(expr); i++ {
		t := expr[i]
		if t.punct("::") {
			i = skipCastType(expr, i+1) // a cast's type is not a call, even numeric(10,2)
			continue
		}
		if t.kind != tokWord || !expr[i+1].punct("(") || slices.Contains(stableFunctions, t.text) {
			continue
		}
		return "has a default calling " + t.text + "(), volatile or not known to be stable"
	}
	return ""
}

// skipCastType returns the position of the last token of the type that
// starts at i: its words and one parenthesised list of modifiers.
func skipCastType(expr []token, i int) int {
	for i+1 < len(expr) && expr[i+1].kind == tokWord {
		i++
	}
	if i+1 < len(expr) && expr[i+1].punct("(") {
		if end := slices.IndexFunc(expr[i+1:], func(t token) bool { return t.punct(")") }); end >= 0 {
			i += end + 1
		}
	}
	return i
}
