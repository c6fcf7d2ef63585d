package form

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The generator of the differential corpus (see differential_test.go): random JSON Logic
// expressions over every operator both evaluators implement, random form-like data, and random
// drafts of the seeded forms. It is seeded and has its own generator (splitmix64), so the corpus
// is the same on every machine and Go version.

type splitmix struct{ s uint64 }

func (r *splitmix) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *splitmix) intn(n int) int { return int(r.next() % uint64(n)) }

// chance is true with probability pct percent.
func (r *splitmix) chance(pct int) bool { return r.intn(100) < pct }

func pick[T any](r *splitmix, xs ...T) T { return xs[r.intn(len(xs))] }

// num is a JSON number with exactly this text.
func num(s string) json.Number { return json.Number(s) }

// decimalText is a number such as forms hold: an integer, or up to 4 decimal places, of a
// magnitude from units to hundreds of millions, sometimes negative or zero.
func (r *splitmix) decimalText() string {
	var intPart string
	switch r.intn(6) {
	case 0:
		intPart = "0"
	case 1:
		intPart = strconv.Itoa(r.intn(10))
	case 2:
		intPart = strconv.Itoa(r.intn(1000))
	case 3:
		intPart = strconv.Itoa(r.intn(100000))
	case 4:
		intPart = strconv.Itoa(r.intn(10000000))
	default:
		intPart = strconv.Itoa(r.intn(1000000000))
	}
	s := intPart
	if places := r.intn(5); places > 0 && r.chance(60) {
		frac := ""
		for i := 0; i < places; i++ {
			frac += strconv.Itoa(r.intn(10))
		}
		s += "." + frac
	}
	if s != "0" && r.chance(12) {
		s = "-" + s
	}
	return s
}

// exprNumber is a number literal of a rule: form-like, or one of the round constants rules use.
func (r *splitmix) exprNumber() json.Number {
	if r.chance(35) {
		return num(pick(r, "0", "1", "2", "3", "7", "10", "100", "1000", "10000", "0.5", "0.015", "1.5", "-1", "0.1", "0.2",
			"0.3", "45", "50", "3.14", "1e3", "1e-7", "9007199254740993", "12345678901234567890", "1e400", "-0"))
	}
	return num(r.decimalText())
}

// exprString is a string as rules meet them: numeric text in every form people and imports
// produce, white space variants, and plain text.
func (r *splitmix) exprString() string {
	return pick(r, "", " ", "0", "1", "12.5", " 100 ", "\u00a0100", "\ufeff100000", "\u0085 7", "\u200b5", "\u3000１２",
		"\t42\n", "0x1F", "0X1f", "0o17", "0b101", "0x", "1e3", "1E-2", ".5", "5.", "+3", "-0", "Infinity", "NaN",
		"8,000,000", "8 000 000", "800万", "abc", "true", "null", "黔江", "黔江区教委", "😀", "\uff01", "a", "b", "A",
		"2024-01-01", "1,2", strconv.Itoa(r.intn(1000)), r.decimalText(), " "+r.decimalText(), r.decimalText()+" ")
}

// The data every expression runs against: one of a pool of form-like records.
var diffKeys = []string{"payroll", "spend", "budget", "students", "classes", "teachers", "ratio", "rate",
	"note", "nothing", "flag", "name", "text_num", "ws_num", "hex", "grades", "tags", "big", "huge", "tiny", "neg"}

// diffMissing are keys no record has, so var gives its default and missing lists them.
var diffMissing = []string{"absent", "later_field", "grades.9.students", "payroll.x", "grades.0.absent"}

func (r *splitmix) dataRecord() map[string]any {
	rec := map[string]any{}
	money := func() any {
		switch r.intn(5) {
		case 0:
			return num(r.decimalText())
		case 1:
			return r.decimalText()
		case 2:
			return num(strconv.Itoa(r.intn(2000000)))
		case 3:
			return num(strconv.Itoa(r.intn(100000)) + "." + fmt.Sprintf("%02d", r.intn(100)))
		}
		return pick[any](r, nil, "", num("0"), num("650000"), num("7.96"), num("1000"))
	}
	count := func() any {
		if r.chance(80) {
			return num(strconv.Itoa(r.intn(3000)))
		}
		return pick[any](r, nil, "", num("0"), "12", "  30 ")
	}
	set := func(k string, v any) {
		if !r.chance(15) { // sometimes the key is absent altogether
			rec[k] = v
		}
	}
	set("payroll", money())
	set("spend", money())
	set("budget", money())
	set("students", count())
	set("classes", count())
	set("teachers", count())
	set("ratio", num("0."+fmt.Sprintf("%04d", r.intn(10000))))
	set("rate", num(strconv.Itoa(r.intn(100))+"."+strconv.Itoa(r.intn(100))))
	set("note", pick[any](r, "", nil, "备注", " "))
	set("nothing", nil)
	set("flag", pick[any](r, true, false, nil, "true", num("0"), num("1")))
	set("name", pick[any](r, "黔江区实验小学", "a", "B", "😀", "\uff01", "", "Zebra"))
	set("text_num", r.exprString())
	set("ws_num", pick[any](r, " 100 ", "\u00a0100", "\ufeff100000", "\u0085 7", "\u200b5", "\u3000１２", "\t42\n"))
	set("hex", pick[any](r, "0x1F", "0X1f", "0o17", "0b101", "0x", "0xFFFFFFFFFFFFFFFFF"))
	var rows []any
	for i := r.intn(5); i > 0; i-- {
		row := map[string]any{}
		if r.chance(90) {
			row["students"] = count()
		}
		if r.chance(90) {
			row["classes"] = count()
		}
		if r.chance(50) {
			row["classes_over_standard"] = count()
		}
		if r.chance(30) {
			row["spend"] = money()
		}
		rows = append(rows, row)
	}
	if rows == nil {
		rows = []any{}
	}
	set("grades", rows)
	tags := []any{}
	for i := r.intn(4); i > 0; i-- {
		tags = append(tags, pick[any](r, "a", "b", "c", num("1"), num("2.5"), "", nil, true))
	}
	set("tags", tags)
	set("big", num(pick(r, "9007199254740993", "-9007199254740995", "123456789012345678901234567890", "999999999999.99")))
	set("huge", num(pick(r, "1e400", "-1e400", "1e59", "1e60", "1e61")))
	set("tiny", num(pick(r, "1e-400", "4e-41", "5e-41", "0.00000000000000000000000000000000000000015")))
	set("neg", num("-"+strings.TrimPrefix(r.decimalText(), "-")))
	return rec
}

// exprGen builds random expressions; depth bounds nesting.
type exprGen struct {
	r *splitmix
	// used counts the operators generated, so the test can prove every one of them is covered.
	used map[string]int
	// keys, when set, are the only var paths and missing keys used, and safe leaves out what
	// an import refuses (a wrong argument count, a number a double cannot hold): rules of forms.
	keys []string
	safe bool
}

// path is a random var path: one of keys for form rules, otherwise one of the data records'
// keys, an absent key or a dotted path into rows.
func (g *exprGen) path() string {
	r := g.r
	if g.keys != nil {
		return pick(r, g.keys...)
	}
	switch r.intn(10) {
	case 0:
		return pick(r, diffMissing...)
	case 1:
		return pick(r, "grades.0.students", "grades.1.classes", "tags.0", "tags.5", "grades.0")
	}
	return pick(r, diffKeys...)
}

// number is a literal number; in safe mode only one a double holds exactly.
func (g *exprGen) number() json.Number {
	n := g.r.exprNumber()
	if g.safe && !exactDouble(string(n)) {
		return num("1")
	}
	return n
}

func (g *exprGen) leaf() any {
	r := g.r
	switch r.intn(12) {
	case 0, 1, 2, 3, 4:
		return g.varRef()
	case 5, 6, 7:
		return g.number()
	case 8:
		return r.exprString()
	case 9:
		return pick[any](r, nil, true, false)
	case 10:
		items := []any{}
		for i := r.intn(4); i > 0; i-- {
			items = append(items, pick[any](r, g.number(), r.exprString(), nil))
		}
		return items
	}
	g.used["var"]++
	if g.keys != nil {
		return map[string]any{"var": []any{g.path(), g.varRef()}} // a default read from another field
	}
	return map[string]any{"var": []any{pick(r, diffMissing...), g.leafNoVar()}}
}

func (g *exprGen) leafNoVar() any {
	r := g.r
	switch r.intn(3) {
	case 0:
		return g.number()
	case 1:
		return r.exprString()
	}
	return nil
}

func (g *exprGen) varRef() any {
	r := g.r
	g.used["var"]++
	if g.keys != nil {
		switch r.intn(20) {
		case 0, 1, 2: // a path computed at run time: the calculation order decides what it reads
			return map[string]any{"var": map[string]any{"cat": []any{"f", num(strconv.Itoa(r.intn(len(g.keys) + 1)))}}}
		case 3, 4, 5, 6, 7, 8: // a default read from another field, maybe computed later
			return map[string]any{"var": []any{g.path(), map[string]any{"var": g.path()}}}
		}
	}
	path := g.path()
	if r.chance(30) {
		return map[string]any{"var": []any{path, g.leafNoVar()}}
	}
	return map[string]any{"var": path}
}

// args makes n arguments; sometimes the count is off by one, as hand-written rules are.
func (g *exprGen) args(n, depth int) []any {
	r := g.r
	if !g.safe && r.chance(8) {
		n += pick(r, -1, 1)
	}
	out := make([]any, 0, max(n, 0))
	for i := 0; i < n; i++ {
		out = append(out, g.expr(depth+1))
	}
	return out
}

// elementLogic is the per-element rule of an array operation: it reads the element ("" or a
// column), or current/accumulator inside reduce.
func (g *exprGen) elementLogic(reduce bool) any {
	r := g.r
	g.used["var"]++
	if reduce {
		cur := pick[any](r, map[string]any{"var": "current"}, map[string]any{"var": []any{"current.students", num("0")}},
			map[string]any{"var": "current.classes"}, map[string]any{"var": "current.spend"})
		acc := map[string]any{"var": "accumulator"}
		op := pick(r, "+", "+", "*", "max", "min", "-", "cat")
		g.used[op]++
		return map[string]any{op: []any{acc, cur}}
	}
	el := pick[any](r, map[string]any{"var": ""}, map[string]any{"var": "students"}, map[string]any{"var": []any{"classes", num("0")}},
		map[string]any{"var": "classes_over_standard"})
	op := pick(r, ">", "<=", "==", "!!", "+", "*", "/", "cat")
	g.used[op]++
	switch op {
	case "!!":
		return map[string]any{op: []any{el}}
	case "/":
		return map[string]any{op: []any{el, pick[any](r, num("2"), num("3"), num("0"), map[string]any{"var": "classes"})}}
	}
	return map[string]any{op: []any{el, pick[any](r, num("0"), num("30"), num("45.5"), num("100"), "3", nil)}}
}

func (g *exprGen) arraySource(depth int) any {
	r := g.r
	g.used["var"]++
	switch r.intn(6) {
	case 0:
		if g.keys != nil {
			return map[string]any{"var": g.path()}
		}
		return map[string]any{"var": "tags"}
	case 1:
		return g.expr(depth + 1)
	case 2:
		return []any{g.number(), g.number(), r.exprString()}
	}
	if g.keys != nil {
		return []any{map[string]any{"students": g.number(), "classes": g.varRef()}, map[string]any{"students": g.number()}}
	}
	return map[string]any{"var": "grades"}
}

func (g *exprGen) missingKey() any {
	if g.keys != nil {
		return g.path()
	}
	return pick(g.r, append(append([]string{}, diffKeys...), diffMissing...)...)
}

// expr is a random expression: leaves at the depth limit, otherwise an operation.
func (g *exprGen) expr(depth int) any {
	r := g.r
	if depth >= 4 || r.chance(25+10*depth) {
		return g.leaf()
	}
	op := pick(r, "+", "+", "-", "*", "*", "/", "/", "/", "%", "min", "max",
		"==", "===", "!=", "!==", "<", "<=", ">", ">=", "<", "<=",
		"!", "!!", "and", "or", "if", "if", "?:", "in", "cat", "substr", "merge",
		"missing", "missing_some", "map", "filter", "reduce", "all", "some", "none", "log", "var")
	g.used[op]++
	var args []any
	switch op {
	case "+", "*", "min", "max", "cat", "merge", "and", "or":
		args = g.args(1+r.intn(3), depth)
	case "-":
		args = g.args(pick(r, 2, 2, 2, 1), depth)
	case "<", "<=":
		args = g.args(pick(r, 2, 2, 3), depth)
	case "!", "!!", "log":
		args = g.args(1, depth)
	case "if", "?:":
		args = g.args(pick(r, 3, 3, 2, 5), depth)
	case "substr":
		args = []any{g.expr(depth + 1), pick[any](r, num("0"), num("1"), num("-2"), num("2.7"), "1", nil, g.expr(depth+1))}
		if r.chance(60) {
			args = append(args, pick[any](r, num("2"), num("-1"), num("0"), num("100"), g.expr(depth+1)))
		}
	case "missing":
		for i := 1 + r.intn(3); i > 0; i-- {
			args = append(args, g.missingKey())
		}
		if r.chance(30) {
			args = []any{args}
		}
	case "missing_some":
		keys := []any{}
		for i := 1 + r.intn(3); i > 0; i-- {
			keys = append(keys, g.missingKey())
		}
		args = []any{pick[any](r, num("1"), num("2"), num("0")), keys}
	case "map", "filter", "all", "some", "none":
		args = []any{g.arraySource(depth), g.elementLogic(false)}
	case "reduce":
		args = []any{g.arraySource(depth), g.elementLogic(true)}
		if r.chance(80) {
			args = append(args, pick[any](r, num("0"), num("0"), num("1"), "", nil))
		}
	case "var":
		return g.varRef()
	default: // binary operators
		args = g.args(2, depth)
	}
	// A lone argument is often written without the list, as json-logic allows.
	if len(args) == 1 && r.chance(30) {
		if _, isList := args[0].([]any); !isList {
			return map[string]any{op: args[0]}
		}
	}
	return map[string]any{op: args}
}

// draftValue is a random value for a field as a filler, a paste or an import may send it; noise
// is the chance in percent of an odd value (junk, a typed variant, out of range).
func (r *splitmix) draftValue(fd *Field, noise int) any {
	if r.chance(noise / 3) {
		return pick[any](r, nil, "", "abc", true, num("1"), []any{})
	}
	switch fd.Type {
	case TypeInteger:
		n := r.intn(3000)
		if !r.chance(noise) {
			return num(strconv.Itoa(n))
		}
		switch r.intn(4) {
		case 0:
			return strconv.Itoa(n)
		case 1:
			return " " + strconv.Itoa(n) + " "
		case 2:
			return pick[any](r, "1,234", "８０", "１，２００", "12.0", "12.5", "1e3", "-3", "\ufeff12", "1 200", "12,34")
		case 3:
			return pick[any](r, num("12.5"), num("-1"), num("1e13"), num("9007199254740993"), num("1000000000000"), num("1e400"))
		}
		return num(strconv.Itoa(n))
	case TypeMoney, TypeDecimal, TypePercent:
		if r.chance(noise) {
			return pick[any](r, "650,000.5", "65万", "1.5万元", "1.23456万", "８００万", " 800 万 ", "1234.567", "\ufeff100000",
				"8 000 000", "-5", "abc万", "0.5万", "１２．５", "１２。５", "12.3456", "1,000,000.00", "1,00", "1e3",
				num("1234.567"), num("0.0001"), num("1e-400"), num("999999999999.99"), num("1000000000000.01"))
		}
		var s string
		switch r.intn(4) {
		case 0:
			s = strconv.Itoa(r.intn(2000000))
		case 1:
			s = strconv.Itoa(r.intn(100000)) + "." + fmt.Sprintf("%02d", r.intn(100))
		case 2:
			s = strconv.Itoa(r.intn(1000)) + "." + fmt.Sprintf("%04d", r.intn(10000))
		default:
			s = strconv.Itoa(r.intn(100)) + "." + strconv.Itoa(r.intn(10))
		}
		if r.chance(50) {
			return s
		}
		return num(s)
	case TypeBoolean:
		return pick[any](r, true, false, true, false, "true", num("1"))
	case TypeSingleChoice:
		if len(fd.Options) == 0 || r.chance(10) {
			return pick[any](r, "zz", num("1"))
		}
		return fd.Options[r.intn(len(fd.Options))].Value
	case TypeMultiChoice:
		out := []any{}
		for _, o := range fd.Options {
			if r.chance(40) {
				out = append(out, o.Value)
			}
		}
		if r.chance(10) {
			out = append(out, pick[any](r, "zz", num("2")))
		}
		if r.chance(5) {
			return "x"
		}
		return out
	case TypeText:
		if r.chance(noise / 5) {
			return strings.Repeat("文", fd.maxLength()+1)
		}
		return pick[any](r, "黔江区实验小学", "备注", "  ", "😀", "a\nb", "Zebra")
	case TypeDate:
		return pick[any](r, "2025-03-01", "2024-02-29", "2025-02-29", "0000-02-29", "2025/03/01", "2025-13-01", "2025-3-1")
	case TypeRepeat:
		rows := []any{}
		for i := r.intn(5); i > 0; i-- {
			if r.chance(5) {
				rows = append(rows, pick[any](r, num("1"), "row", []any{}))
				continue
			}
			row := map[string]any{}
			for k := range fd.Fields {
				col := &fd.Fields[k]
				if r.chance(85) {
					row[col.Key] = r.draftValue(col, noise)
				}
			}
			if r.chance(3) {
				row["unknown_column"] = num("1")
			}
			rows = append(rows, row)
		}
		return rows
	case TypeAttachment:
		if r.chance(70) {
			return []any{}
		}
		return []any{map[string]any{"id": "f1", "name": "a.pdf", "size": pick[any](r, num("1024"), num("-1"), "10", num("1e9")),
			"content_type": pick(r, "application/pdf", "image/png", "text/html")}}
	}
	return nil
}

// draft is random values for a form: most fields filled, some left out, computed fields sometimes
// sent (the evaluators ignore them) and now and then a key the form does not have.
func (r *splitmix) draft(f *Form) map[string]any {
	values := map[string]any{}
	fill := 50 + r.intn(51)
	noise := pick(r, 0, 0, 5, 10, 25, 40)
	for i := range f.Fields {
		fd := &f.Fields[i]
		if fd.Computed() {
			if r.chance(5) {
				values[fd.Key] = num("1")
			}
			continue
		}
		if r.chance(fill) {
			values[fd.Key] = r.draftValue(fd, noise)
		}
	}
	if r.chance(3) {
		values[pick(r, "unknown", "__proto__", "黔江")] = num("1")
	}
	return values
}

// syntheticForm is a random form as an import would take it (JSON): entered fields of every
// scalar type, computed fields whose rules read entered and computed fields in any order (through
// var defaults too), relevant rules and checks. It is what the seeded forms do not cover: many
// computed fields depending on one another. Nil when the generated form is refused at import.
func (g *exprGen) syntheticForm(code string) *Form {
	r := g.r
	type fd = map[string]any
	var fields []any
	var keys []string
	entered := 2 + r.intn(4)
	computed := 2 + r.intn(5)
	for i := 0; i < entered+computed; i++ {
		key := fmt.Sprintf("f%d", i)
		keys = append(keys, key)
		f := fd{"key": key, "label": "项目" + key}
		switch r.intn(8) {
		case 0, 1:
			f["type"] = "money"
		case 2:
			f["type"] = "integer"
		case 3:
			f["type"], f["scale"] = "decimal", 1+r.intn(4)
		case 4:
			f["type"], f["scale"] = "percent", 2
		case 5:
			f["type"] = "boolean"
		case 6:
			f["type"] = "text"
		default:
			f["type"] = pick(r, "money", "integer")
			if r.chance(50) {
				f["min"] = "0"
			}
		}
		fields = append(fields, f)
	}
	// Shuffle where the computed fields are, so that rules read fields listed before and after.
	for i := len(fields) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		fields[i], fields[j] = fields[j], fields[i]
	}
	g.keys, g.safe = keys, true
	defer func() { g.keys, g.safe = nil, false }()
	comp := 0
	for _, e := range fields {
		f := e.(fd)
		if comp < computed && r.chance(50) {
			g.keys = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == f["key"] })
			f["calculate"] = g.expr(1)
			g.keys = keys
			delete(f, "min")
			comp++
		} else if r.chance(25) {
			f["relevant"] = g.expr(2)
		}
		if r.chance(10) {
			f["required"] = true
		}
	}
	var checks []any
	for i := r.intn(4); i > 0; i-- {
		c := fd{"key": fmt.Sprintf("check_%d", i), "severity": pick(r, "error", "warning"), "rule": g.expr(1), "message": fmt.Sprintf("检查%d", i)}
		if r.chance(70) {
			c["fields"] = []any{pick(r, keys...)}
		}
		checks = append(checks, c)
	}
	schema := fd{"code": code, "version": 1, "title": "合成表单", "period_type": "year", "org_types": []any{"primary"}, "fields": fields}
	if checks != nil {
		schema["checks"] = checks
	}
	b, err := json.Marshal(schema)
	if err != nil {
		return nil
	}
	f, err := ParseJSON(b)
	if err != nil {
		return nil
	}
	return f
}
