package form

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/seeds"
)

// The differential corpus: random expressions, random drafts of every seeded form and of random
// synthetic forms, with the Go
// evaluator's answers, in testdata/differential/corpus.jsonl.gz. frontend/tests/unit/differential.test.ts
// runs the browser's evaluator over the same inputs and must give exactly the same answers.
//
// Regenerate after a deliberate change to the evaluators or the seeded forms (one command):
//
//	make golden   # go test ./backend/form -run 'TestCompatSuite|TestDifferential' -update
const (
	corpusPath          = "testdata/differential/corpus.jsonl.gz"
	corpusSeed          = 20251130
	corpusExpressions   = 12000
	corpusDataRecords   = 64
	corpusDraftsPerForm = 200
	// Synthetic forms: random computed fields reading one another, to hold the calculation order.
	corpusSyntheticForms     = 300
	corpusDraftsPerSynthetic = 5
)

// corpusLines generates the corpus and evaluates it: one JSON document per line, the first three
// the header, the forms as the API serves them, and the data records.
func corpusLines(t testing.TB) ([]string, map[string]int) {
	t.Helper()
	r := &splitmix{s: corpusSeed}
	g := &exprGen{r: r, used: map[string]int{}}
	marshal := func(v any) string {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatalf("marshal: %v", err)
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	decode := func(s string) any {
		v, err := decodeExact([]byte(s))
		if err != nil {
			t.Fatalf("decode %s: %v", s, err)
		}
		return v
	}

	forms, err := LoadSeedForms(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]any{}
	for _, f := range forms {
		byCode[f.Code] = f
	}
	records := make([]any, corpusDataRecords)
	for i := range records {
		records[i] = r.dataRecord()
	}
	data := decode(marshal(records)).([]any)
	var lines []string
	for i := 0; i < corpusExpressions; i++ {
		d := r.intn(len(records))
		rule := marshal(g.expr(0))
		out := compatAnswer(decode(rule), data[d])
		lines = append(lines, fmt.Sprintf(`{"d":%d,"rule":%s,"out":%s}`, d, rule, marshal(out)))
	}
	draft := func(f *Form) {
		values := marshal(r.draft(f))
		res := f.Evaluate(decode(values).(map[string]any))
		lines = append(lines, fmt.Sprintf(`{"form":%s,"values":%s,"out":%s}`, marshal(f.Code), values, marshal(canonicalJSON(res))))
	}
	for _, f := range forms {
		for i := 0; i < corpusDraftsPerForm; i++ {
			draft(f)
		}
	}
	for i := 0; i < corpusSyntheticForms; i++ {
		var f *Form
		for f == nil {
			f = g.syntheticForm(fmt.Sprintf("synthetic-%03d", i))
		}
		byCode[f.Code] = f
		for j := 0; j < corpusDraftsPerSynthetic; j++ {
			draft(f)
		}
	}
	// Year over year: the seeded forms whose checks read prev. run again with a previous period's
	// draft as prev (the browser's evaluate(form, values, prev)).
	for _, f := range forms {
		if len(f.YoYChecks()) == 0 {
			continue
		}
		for i := 0; i < corpusDraftsPerForm; i++ {
			values, prev := marshal(r.draft(f)), marshal(r.draft(f))
			res := f.EvaluatePrev(decode(values).(map[string]any), decode(prev).(map[string]any))
			lines = append(lines, fmt.Sprintf(`{"form":%s,"values":%s,"prev":%s,"out":%s}`, marshal(f.Code), values, prev, marshal(canonicalJSON(res))))
		}
	}
	drafts := len(lines) - corpusExpressions
	header := []string{
		marshal(map[string]any{"kind": "header", "seed": corpusSeed, "expressions": corpusExpressions, "drafts": drafts,
			"regenerate": "make golden (go test ./backend/form -run 'TestCompatSuite|TestDifferential' -update)"}),
		marshal(map[string]any{"kind": "forms", "forms": byCode}),
		marshal(map[string]any{"kind": "data", "data": records}),
	}
	lines = append(header, lines...)
	return lines, g.used
}

// TestDifferentialCorpus regenerates the corpus and holds it to the committed golden file, so the
// answers the browser is tested against are the server's answers of today.
func TestDifferentialCorpus(t *testing.T) {
	lines, used := corpusLines(t)
	for op := range operatorNames {
		if used[op] == 0 {
			t.Errorf("the generator never uses %q", op)
		}
	}
	seeded := 0
	for _, l := range lines {
		if strings.HasPrefix(l, `{"form":`) && !strings.HasPrefix(l, `{"form":"synthetic-`) {
			seeded++
		}
	}
	if seeded < 2500 || corpusExpressions < 10000 {
		t.Errorf("%d expressions and %d drafts of the seeded forms: want at least 10,000 and 2,500", corpusExpressions, seeded)
	}
	want := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.MkdirAll("testdata/differential", 0o755); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write([]byte(want))
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(corpusPath, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s: %d lines, %d bytes (%d uncompressed)", corpusPath, len(lines), b.Len(), len(want))
		return
	}
	got, err := readGzip(corpusPath)
	if err != nil {
		t.Fatalf("%v (make golden writes it)", err)
	}
	if got == want {
		return
	}
	gotLines := strings.Split(got, "\n")
	for i, l := range lines {
		if i >= len(gotLines) || gotLines[i] != l {
			g := "(missing)"
			if i < len(gotLines) {
				g = gotLines[i]
			}
			t.Fatalf("%s is stale from line %d on (run make golden after a deliberate change):\n file: %.600s\n  now: %.600s", corpusPath, i+1, g, l)
		}
	}
	t.Fatalf("%s has %d lines, the generator %d (run make golden)", corpusPath, len(gotLines)-1, len(lines))
}

func readGzip(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(zr)
	return string(b), err
}
