package form

import (
	"errors"
	"strings"
	"testing"
)

// The work budget and the join budget are the same in both evaluators (frontend/tests/unit/budget.test.ts
// asserts the same answers): one join budget per cat for all its arguments, and work counted in code points.
func TestCatSharesOneJoinBudget(t *testing.T) {
	list := make([]any, 60000)
	for i := range list {
		list[i] = int64(i)
	}
	out, err := Apply(map[string]any{"cat": []any{map[string]any{"var": "a"}, "|", map[string]any{"var": "a"}}}, map[string]any{"a": list})
	if err != nil {
		t.Fatal(err)
	}
	s := out.(string)
	first, second, _ := strings.Cut(s, "|")
	if !strings.HasSuffix(first, ",59999") || !strings.HasSuffix(second, ",39998") {
		t.Fatalf("cat gives …%s|…%s, want the second list cut at 39998", first[len(first)-12:], second[len(second)-12:])
	}
}

func TestWorkIsCountedInCodePoints(t *testing.T) {
	// 300,000 three-byte characters: 300,000 units of work, not 900,000 bytes.
	data := map[string]any{"s": strings.Repeat("黔", 300000)}
	rule := map[string]any{"cat": []any{map[string]any{"var": "s"}, map[string]any{"var": "s"}, map[string]any{"var": "s"}}}
	if _, err := Apply(rule, data); err != nil {
		t.Fatalf("900,000 characters: %v", err)
	}
	// Beyond U+FFFF a character is four bytes (two UTF-16 units in the browser) but one unit of work.
	emoji := map[string]any{"e": strings.Repeat("😀", 400000)}
	if _, err := Apply(map[string]any{"cat": []any{map[string]any{"var": "e"}, map[string]any{"var": "e"}}}, emoji); err != nil {
		t.Fatalf("800,000 emoji: %v", err)
	}
	rule = map[string]any{"cat": []any{rule, "x", map[string]any{"var": "s"}}}
	if _, err := Apply(rule, data); !errors.Is(err, ErrTooComplex) {
		t.Fatalf("900,000 + 1,200,001 characters: %v, want too complex", err)
	}
}
