package form

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// The kinds of FieldChange.
const (
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeChanged = "changed"
)

// FieldChange is one field that differs between two versions of a form. Key is the field's
// path ("group.column" for a repeat group's column); Attributes name what changed on a changed
// field, by their schema key ("type", "label", "calculate", ...), sorted.
type FieldChange struct {
	Key        string   `json:"key"`
	Change     string   `json:"change"`
	Attributes []string `json:"attributes,omitempty"`
}

// Diff lists the fields added, removed or changed from cur to next, in next's field order
// (removed fields after, in cur's order). A nil cur means every field of next is added. Repeat
// columns are compared one by one; a repeat group whose own settings are equal is not listed
// itself when only its columns changed.
func Diff(cur, next *Form) []FieldChange {
	var prev []Field
	if cur != nil {
		prev = cur.Fields
	}
	return diffFields(prev, next.Fields, "")
}

func diffFields(prev, next []Field, prefix string) []FieldChange {
	old := make(map[string]*Field, len(prev))
	for i := range prev {
		old[prev[i].Key] = &prev[i]
	}
	var out []FieldChange
	seen := map[string]bool{}
	for i := range next {
		nf := &next[i]
		key := prefix + nf.Key
		seen[nf.Key] = true
		of, ok := old[nf.Key]
		if !ok {
			out = append(out, FieldChange{Key: key, Change: ChangeAdded})
			continue
		}
		if attrs := changedAttributes(of, nf); len(attrs) > 0 {
			out = append(out, FieldChange{Key: key, Change: ChangeChanged, Attributes: attrs})
		}
		if nf.Type == TypeRepeat || of.Type == TypeRepeat {
			out = append(out, diffFields(of.Fields, nf.Fields, key+".")...)
		}
	}
	for i := range prev {
		if !seen[prev[i].Key] {
			out = append(out, FieldChange{Key: prefix + prev[i].Key, Change: ChangeRemoved})
		}
	}
	return out
}

// changedAttributes names the schema keys whose values differ between two definitions of a
// field, leaving out a repeat group's columns (compared on their own).
func changedAttributes(a, b *Field) []string {
	ma, err1 := fieldAttributes(a)
	mb, err2 := fieldAttributes(b)
	if err1 != nil || err2 != nil {
		return []string{"fields"}
	}
	var out []string
	for k, va := range ma {
		if vb, ok := mb[k]; !ok || string(va) != string(vb) {
			out = append(out, k)
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// fieldAttributes is a field's schema as raw JSON by key, without its columns.
func fieldAttributes(f *Field) (map[string]json.RawMessage, error) {
	c := *f
	c.Fields = nil
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	err = json.Unmarshal(b, &m)
	return m, err
}

// AffectedIndicator is an indicator that reads a field the candidate version changes.
type AffectedIndicator struct {
	Field      string   `json:"field"`
	Change     string   `json:"change"`
	Indicators []string `json:"indicators"`
}

// DryRunResult is what publishing a candidate version would do: the version it would become
// (Unchanged when it equals the current version, which an import would keep), the field diff
// against the current version, the indicators reading changed fields (which still read them the
// same way, else the dry run is refused), and the rule warnings an import would answer with.
type DryRunResult struct {
	Current    int                 `json:"current_version"`
	Version    int                 `json:"version"`
	Unchanged  bool                `json:"unchanged"`
	Diff       []FieldChange       `json:"diff"`
	Indicators []AffectedIndicator `json:"indicators"`
	Warnings   []errs.FieldError   `json:"warnings"`
}

// DryRun checks a parsed (and so validated) candidate version of a form the way Import would,
// without storing it: a candidate that removes or retypes a field an indicator reads is refused
// with the same validation error, naming the indicators.
func (r *Registry) DryRun(ctx context.Context, f *Form) (*DryRunResult, error) {
	cur, err := r.Current(ctx, f.Code)
	switch {
	case errors.Is(err, errs.ErrNotFound):
		cur = nil
	case err != nil:
		return nil, fmt.Errorf("dry run of form %s: current version: %w", f.Code, err)
	}
	var reads map[string][]string
	if r.reads != nil {
		reads = r.reads(f.Code)
		if err := checkIndicatorReads(cur, f, reads); err != nil {
			return nil, err
		}
	}
	out := &DryRunResult{Version: 1, Diff: Diff(cur, f), Indicators: []AffectedIndicator{}, Warnings: f.RuleWarnings()}
	if out.Warnings == nil {
		out.Warnings = []errs.FieldError{}
	}
	if out.Diff == nil {
		out.Diff = []FieldChange{}
	}
	if cur != nil {
		out.Current, out.Version = cur.Version, cur.Version+1
		if same(cur, f) {
			out.Unchanged, out.Version = true, cur.Version
		}
	}
	for _, ch := range out.Diff {
		if codes := reads[ch.Key]; len(codes) > 0 {
			out.Indicators = append(out.Indicators, AffectedIndicator{Field: ch.Key, Change: ch.Change, Indicators: codes})
		}
	}
	return out, nil
}
