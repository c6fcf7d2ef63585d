package form

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// update rewrites the golden files of this package (the compat suite's expected deviations and
// the differential corpus) from the Go evaluator: go test ./backend/form -run 'TestCompatSuite|TestDifferential' -update
// (make golden). Review the diff before committing it.
var update = flag.Bool("update", false, "rewrite testdata/jsonlogic-compat/expected-deviations.json and testdata/differential/*")

const (
	compatDir      = "testdata/jsonlogic-compat"
	deviationsPath = compatDir + "/expected-deviations.json"
)

// compatCase is one case of the vendored community suite.
type compatCase struct {
	ID     string // "arithmetic/divide.json#3": file and ordinal of the case in it, from 1
	Desc   string
	Rule   any
	Data   any
	Result any  // when !WantErr
	Error  any  // the suite's error object when WantErr
	WantEr bool // the rule must fail
	Op     string
}

// loadCompat reads every suite listed in suites/index.json, in that order.
func loadCompat(t testing.TB) []compatCase {
	t.Helper()
	var files []string
	readJSONFile(t, filepath.Join(compatDir, "suites", "index.json"), &files)
	var all []compatCase
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join(compatDir, "suites", f))
		if err != nil {
			t.Fatal(err)
		}
		v, err := decodeExact(raw)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		n := 0
		for _, e := range v.([]any) {
			m, ok := e.(map[string]any)
			if !ok {
				continue // a heading
			}
			n++
			c := compatCase{ID: fmt.Sprintf("%s#%d", f, n), Rule: m["rule"], Data: m["data"], Result: m["result"], Error: m["error"]}
			c.Desc, _ = m["description"].(string)
			_, c.WantEr = m["error"]
			c.Op = "(literal)"
			if m, ok := c.Rule.(map[string]any); ok && len(m) == 1 {
				for k := range m {
					c.Op = k
				}
			}
			all = append(all, c)
		}
	}
	return all
}

func readJSONFile(t testing.TB, path string, into any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// compatAnswer is what the evaluator gives for a rule: the canonical JSON of its result, or
// "error: <why>" when Apply fails. The browser's evaluator must give the same string.
func compatAnswer(rule, data any) string {
	out, err := Apply(rule, data)
	switch {
	case errors.Is(err, ErrUnknownOperator):
		return "error: unknown operator"
	case errors.Is(err, ErrTooDeep):
		return "error: too deep"
	case errors.Is(err, ErrTooComplex):
		return "error: too complex"
	case err != nil:
		return "error: " + err.Error()
	}
	return canonicalJSON(out)
}

// compatPasses reports whether an answer is what the suite expects: an equal result (numbers by
// exact value), or a failure for a case that must fail (an unknown operator does not count: the
// rule fails for a reason other than the one the suite tests).
func compatPasses(c compatCase, answer string) bool {
	if c.WantEr {
		return strings.HasPrefix(answer, "error:") && answer != "error: unknown operator"
	}
	return answer == canonicalJSON(c.Result)
}

// deviation is one entry of expected-deviations.json.
type deviation struct {
	Case        string `json:"case"`
	Description string `json:"description"`
	Reason      string `json:"reason"`
	Got         string `json:"got"`
}

type deviationsFile struct {
	Note    string            `json:"note"`
	Reasons map[string]string `json:"reasons"`
	Cases   []deviation       `json:"cases"`
}

// TestCompatSuite runs every case of the vendored json-logic compat-tables suite. A case either
// passes, or is listed in expected-deviations.json with the answer this evaluator gives and a
// reason that holds for it (checked by deviationReason). The browser's evaluator checks the same
// file, so the two agree on every case. With -v it prints the pass rate per operator.
func TestCompatSuite(t *testing.T) {
	cases := loadCompat(t)
	if len(cases) != 1138 {
		t.Errorf("%d cases, want the 1,138 of the vendored suite", len(cases))
	}
	var file deviationsFile
	if !*update {
		readJSONFile(t, deviationsPath, &file)
	}
	listed := map[string]deviation{}
	for _, d := range file.Cases {
		if _, dup := listed[d.Case]; dup {
			t.Errorf("%s is listed twice", d.Case)
		}
		listed[d.Case] = d
	}
	type tally struct{ pass, total, unsupported int }
	perOp := map[string]*tally{}
	var found []deviation
	for _, c := range cases {
		answer := compatAnswer(c.Rule, c.Data)
		tl := perOp[c.Op]
		if tl == nil {
			tl = &tally{}
			perOp[c.Op] = tl
		}
		tl.total++
		d, isListed := listed[c.ID]
		delete(listed, c.ID)
		if compatPasses(c, answer) {
			tl.pass++
			if isListed {
				t.Errorf("%s (%s) passes now: remove it from %s", c.ID, c.Desc, deviationsPath)
			}
			continue
		}
		reason, why := deviationReason(c, answer)
		if reason == "unsupported_operator" {
			tl.unsupported++
		}
		found = append(found, deviation{Case: c.ID, Description: c.Desc, Reason: reason, Got: answer})
		switch {
		case *update:
		case !isListed:
			t.Errorf("%s (%s): %s on %s gives %s, the suite expects %s; no deviation is listed", c.ID, c.Desc,
				canonicalJSON(c.Rule), canonicalJSON(c.Data), answer, expected(c))
		case d.Got != answer:
			t.Errorf("%s (%s): gives %s, the deviation lists %s", c.ID, c.Desc, answer, d.Got)
		case d.Reason != reason:
			t.Errorf("%s (%s): listed as %q, but %s", c.ID, c.Desc, d.Reason, why)
		}
	}
	for id := range listed {
		t.Errorf("%s is listed in %s but is not a case of the suite", id, deviationsPath)
	}
	if *update {
		file = deviationsFile{Note: deviationsNote, Reasons: deviationReasons, Cases: found}
		if err := os.WriteFile(deviationsPath, formatDeviations(t, file), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s: %d deviations", deviationsPath, len(found))
	}
	for _, d := range file.Cases {
		if deviationReasons[d.Reason] == "" {
			t.Errorf("%s: reason %q is not explained in reasons", d.Case, d.Reason)
		}
	}

	ops := slices.Sorted(func(yield func(string) bool) {
		for op := range perOp {
			if !yield(op) {
				return
			}
		}
	})
	pass, total, unsupported := 0, 0, 0
	var sb strings.Builder
	fmt.Fprintf(&sb, "compat-tables pass rate per operator (the case's top-level operator), of all its cases and of those\n")
	fmt.Fprintf(&sb, "without an operator Tianbao does not implement (val, ??, try, ...):\n")
	row := func(op string, p, n, u int) {
		impl := "     -"
		if n > u {
			impl = fmt.Sprintf("%4d/%-4d %5.1f%%", p, n-u, 100*float64(p)/float64(n-u))
		}
		fmt.Fprintf(&sb, "  %-14s %4d/%-4d %5.1f%%   %s\n", op, p, n, 100*float64(p)/float64(n), impl)
	}
	for _, op := range ops {
		tl := perOp[op]
		pass += tl.pass
		total += tl.total
		unsupported += tl.unsupported
		row(op, tl.pass, tl.total, tl.unsupported)
	}
	row("TOTAL", pass, total, unsupported)
	byReason := map[string]int{}
	for _, d := range found {
		byReason[d.Reason]++
	}
	reasons := make([]string, 0, len(byReason))
	for r := range byReason {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Fprintf(&sb, "  deviation %-28s %4d\n", r, byReason[r])
	}
	t.Log(sb.String())
}

func expected(c compatCase) string {
	if c.WantEr {
		return "an error " + canonicalJSON(c.Error)
	}
	return canonicalJSON(c.Result)
}

// formatDeviations writes the file for people to review: one case per line.
func formatDeviations(t *testing.T, f deviationsFile) []byte {
	enc := func(v any) string {
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		e.SetEscapeHTML(false)
		if err := e.Encode(v); err != nil {
			t.Fatal(err)
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	var b strings.Builder
	b.WriteString("{\n  \"note\": " + enc(f.Note) + ",\n  \"reasons\": {\n")
	keys := slices.Sorted(maps.Keys(f.Reasons))
	for i, k := range keys {
		b.WriteString("    " + enc(k) + ": " + enc(f.Reasons[k]))
		if i < len(keys)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  },\n  \"cases\": [\n")
	for i, c := range f.Cases {
		b.WriteString("    " + enc(c))
		if i < len(f.Cases)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  ]\n}\n")
	return []byte(b.String())
}
