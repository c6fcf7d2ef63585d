package rollup_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/tianbao-edu/tianbao/backend/rollup"
	"github.com/tianbao-edu/tianbao/seeds"
)

var update = flag.Bool("update", false, "rewrite docs/indicators.md from seeds/indicators.yaml")

const docPath = "../../docs/indicators.md"
const generatedMarker = "<!-- Everything below is generated from seeds/indicators.yaml: go test ./backend/rollup -run TestIndicatorsDoc -update -->\n"

// TestIndicatorsDoc keeps docs/indicators.md in step with seeds/indicators.yaml: the prose above
// the marker is written by hand, everything below it is generated.
func TestIndicatorsDoc(t *testing.T) {
	data, err := seeds.FS.ReadFile("indicators.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ins, err := rollup.Parse(data, seedFields(t))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	intro, _, ok := strings.Cut(string(cur), generatedMarker)
	if !ok {
		t.Fatalf("%s lacks the marker line %q", docPath, generatedMarker)
	}
	want := rollup.Document(ins, intro+generatedMarker)
	if *update {
		if err := os.WriteFile(docPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if string(want) != string(cur) {
		t.Fatalf("%s is out of date with seeds/indicators.yaml: run go test ./backend/rollup -run TestIndicatorsDoc -update", docPath)
	}
	for _, in := range ins {
		if !strings.Contains(string(cur), "`"+in.Code+"`") {
			t.Errorf("%s does not explain %s", docPath, in.Code)
		}
	}
}
