package submission

import (
	"encoding/json"
	"sort"
	"strings"
)

func bytesReader(s string) *strings.Reader { return strings.NewReader(s) }

// diff returns the per-field changes from old to new values, compared by their JSON form.
func diff(old, next map[string]any) map[string]Change {
	keys := map[string]bool{}
	for k := range old {
		keys[k] = true
	}
	for k := range next {
		keys[k] = true
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	out := map[string]Change{}
	for _, k := range names {
		a, _ := json.Marshal(old[k])
		b, _ := json.Marshal(next[k])
		if string(a) != string(b) {
			out[k] = Change{From: old[k], To: next[k]}
		}
	}
	return out
}

// mustJSON encodes values the package built itself; they always encode.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("submission: encode: " + err.Error())
	}
	return string(b)
}

// saveDetail is what the audit log keeps of a draft save: the revision it made and the keys it
// changed (the values themselves stay in the submission's history).
type saveDetail struct {
	Version int          `json:"version"`
	Fields  []string     `json:"fields"`
	Merge   *mergeDetail `json:"merge,omitempty"`
}

// changedKeys lists a diff's keys in order.
func changedKeys(d map[string]Change) []string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
