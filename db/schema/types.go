package schema

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Kind is a dialect-neutral column type. Each kind renders to one type per
// dialect (package db/op) and is read back from either catalog (ParseType).
type Kind string

// The column kinds. The comment gives the PostgreSQL / SQLite spelling.
const (
	KindString      Kind = "string"      // character varying[(n)] / varchar[(n)]
	KindText        Kind = "text"        // text / text
	KindSmallInt    Kind = "smallint"    // smallint / smallint
	KindInteger     Kind = "integer"     // integer / integer
	KindBigInt      Kind = "bigint"      // bigint / bigint
	KindBoolean     Kind = "boolean"     // boolean / boolean
	KindReal        Kind = "real"        // real / real
	KindDouble      Kind = "double"      // double precision / double precision
	KindNumeric     Kind = "numeric"     // numeric[(p[,s])] / numeric[(p[,s])]
	KindTimestamp   Kind = "timestamp"   // timestamp without time zone / timestamp
	KindTimestampTZ Kind = "timestamptz" // timestamp with time zone / timestamptz
	KindDate        Kind = "date"        // date / date
	KindJSON        Kind = "json"        // json / json
	KindJSONB       Kind = "jsonb"       // jsonb / jsonb
	KindBytes       Kind = "bytes"       // bytea / blob
	KindUUID        Kind = "uuid"        // uuid / uuid
	// KindRaw is a type matardb has no kind for, kept verbatim in Type.Raw
	// as the catalog spells it (PostgreSQL's format_type, SQLite's declared
	// type): "inet", "character(2)", "text[]".
	KindRaw Kind = "raw"
)

// Type is a column type: a kind and, where the kind takes them, a size
// (string length) or a precision and scale (numeric).
type Type struct {
	Kind      Kind `json:"kind"`
	Size      int  `json:"size,omitempty"`
	Precision int  `json:"precision,omitempty"`
	Scale     int  `json:"scale,omitempty"`
	// Raw is the verbatim type of a KindRaw column; empty for other kinds.
	Raw string `json:"raw,omitempty"`
}

// String renders t in a short neutral form for messages: "string(20)", "numeric(10,2)".
func (t Type) String() string {
	switch {
	case t.Kind == KindRaw:
		return t.Raw
	case t.Size > 0:
		return fmt.Sprintf("%s(%d)", t.Kind, t.Size)
	case t.Precision > 0 && t.Scale > 0:
		return fmt.Sprintf("%s(%d,%d)", t.Kind, t.Precision, t.Scale)
	case t.Precision > 0:
		return fmt.Sprintf("%s(%d)", t.Kind, t.Precision)
	}
	return string(t.Kind)
}

// Narrows reports whether changing a column from t to u can lose data:
// a different kind (other than a widening integer or string change), a
// shorter string, less numeric precision or scale, or any change of a raw
// type but a larger size of the same one (character(2) to character(5)).
func (t Type) Narrows(u Type) bool {
	if t == u {
		return false
	}
	if rank, ok := intRank[t.Kind]; ok {
		if urank, ok := intRank[u.Kind]; ok {
			return urank < rank
		}
		return !isTextual(u.Kind)
	}
	if isTextual(t.Kind) && isTextual(u.Kind) {
		switch {
		case u.Kind == KindText || (u.Kind == KindString && u.Size == 0):
			return false
		case t.Kind == KindText || t.Size == 0:
			return true
		}
		return u.Size < t.Size
	}
	if t.Kind == KindRaw && u.Kind == KindRaw {
		return !rawWidens(t.Raw, u.Raw)
	}
	if t.Kind == KindNumeric && u.Kind == KindNumeric {
		if u.Precision == 0 {
			return false
		}
		return t.Precision == 0 || u.Precision < t.Precision || u.Scale < t.Scale
	}
	return true
}

// sizedRaw is a raw type with one size: "character(2)", "varchar(12)[]".
var sizedRaw = regexp.MustCompile(`^(.*?)\((\d+)\)(.*)$`)

// rawWidens reports whether raw type u is raw type t with a size at least
// as large, the one change of a raw type known not to lose data.
func rawWidens(t, u string) bool {
	mt, mu := sizedRaw.FindStringSubmatch(t), sizedRaw.FindStringSubmatch(u)
	if mt == nil || mu == nil || mt[1] != mu[1] || mt[3] != mu[3] {
		return false
	}
	nt, _ := strconv.Atoi(mt[2])
	nu, _ := strconv.Atoi(mu[2])
	return nu >= nt
}

var intRank = map[Kind]int{KindSmallInt: 1, KindInteger: 2, KindBigInt: 3}

func isTextual(k Kind) bool { return k == KindString || k == KindText }

var typePattern = regexp.MustCompile(`^([a-z ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?(\s+with(?:out)? time zone)?$`)

// ParseType reads a type as PostgreSQL's format_type or SQLite's declared
// type spells it ("character varying(20)", "timestamp without time zone",
// "VARCHAR", "double precision", "numeric(10,2)", "int8"). It is
// case-insensitive and returns an error for a type matardb has no kind for.
func ParseType(sql string) (Type, error) {
	s := strings.ToLower(strings.TrimSpace(sql))
	m := typePattern.FindStringSubmatch(s)
	if m == nil {
		return Type{}, fmt.Errorf("unsupported column type %q", sql)
	}
	name, zone := strings.TrimSpace(m[1]), strings.TrimSpace(m[4])
	n1, _ := strconv.Atoi(m[2])
	n2, _ := strconv.Atoi(m[3])
	if zone != "" {
		name += " " + zone
	}
	var t Type
	switch name {
	case "character varying", "varchar", "character", "char", "nvarchar", "string":
		t = Type{Kind: KindString, Size: n1}
	case "text", "clob":
		t = Type{Kind: KindText}
	case "smallint", "int2":
		t = Type{Kind: KindSmallInt}
	case "integer", "int", "int4":
		t = Type{Kind: KindInteger}
	case "bigint", "int8":
		t = Type{Kind: KindBigInt}
	case "boolean", "bool":
		t = Type{Kind: KindBoolean}
	case "real", "float4", "float":
		t = Type{Kind: KindReal}
	case "double precision", "double", "float8":
		t = Type{Kind: KindDouble}
	case "numeric", "decimal":
		t = Type{Kind: KindNumeric, Precision: n1, Scale: n2}
	case "timestamp", "timestamp without time zone", "datetime":
		t = Type{Kind: KindTimestamp}
	case "timestamptz", "timestamp with time zone":
		t = Type{Kind: KindTimestampTZ}
	case "date":
		t = Type{Kind: KindDate}
	case "json":
		t = Type{Kind: KindJSON}
	case "jsonb":
		t = Type{Kind: KindJSONB}
	case "bytea", "blob", "bytes":
		t = Type{Kind: KindBytes}
	case "uuid":
		t = Type{Kind: KindUUID}
	default:
		return Type{}, fmt.Errorf("unsupported column type %q", sql)
	}
	return t, nil
}

var castSuffix = regexp.MustCompile(`::[a-z_ ]+(\[\])?(\(\d+(,\d+)?\))?$`)

// CanonicalDefault returns the one spelling matardb keeps for a default
// expression, so that the same default read from a model, a PostgreSQL
// catalog ("'hindi'::character varying", "now()") or a SQLite schema
// ("TRUE", "(15)") compares equal. An empty expression stays empty.
func CanonicalDefault(expr string) string {
	s := strings.TrimSpace(expr)
	for {
		trimmed := castSuffix.ReplaceAllString(s, "")
		if len(s) > 1 && s[0] == '(' && s[len(s)-1] == ')' && balanced(s[1:len(s)-1]) {
			trimmed = strings.TrimSpace(s[1 : len(s)-1])
		}
		if trimmed == s {
			break
		}
		s = trimmed
	}
	switch strings.ToLower(s) {
	case "true", "'t'", "'true'":
		return "true"
	case "false", "'f'", "'false'":
		return "false"
	case "now()", "current_timestamp", "current_timestamp()", "transaction_timestamp()":
		return "CURRENT_TIMESTAMP"
	case "null":
		return ""
	}
	return s
}

func balanced(s string) bool {
	depth, quoted := 0, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted = !quoted
		case quoted:
		case r == '(':
			depth++
		case r == ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0 && !quoted
}

// quotedNumber is a number in quotes: PostgreSQL reads DEFAULT -1 on an
// integer column back as '-1'::integer, and likewise numbers too large for
// integer and negative ones on real and numeric columns.
var quotedNumber = regexp.MustCompile(`^'([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)'$`)

// ColumnDefault is CanonicalDefault for a column of type t: on a numeric
// kind a number in quotes is unquoted too, so that the -1 a migration wrote
// and the '-1' PostgreSQL reads back are one spelling.
func ColumnDefault(t Type, expr string) string {
	d := CanonicalDefault(expr)
	switch t.Kind {
	case KindSmallInt, KindInteger, KindBigInt, KindReal, KindDouble, KindNumeric:
		if m := quotedNumber.FindStringSubmatch(d); m != nil {
			return m[1]
		}
	}
	return d
}

// QuoteString renders s as a SQL string literal.
func QuoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// CanonicalAction returns the canonical spelling of a referential action:
// "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", or "" for NO ACTION.
func CanonicalAction(action string) string {
	a := strings.Join(strings.Fields(strings.ToUpper(action)), " ")
	if a == "NO ACTION" {
		return ""
	}
	return a
}
