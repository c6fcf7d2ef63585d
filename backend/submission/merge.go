package submission

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
)

// Two phones editing one draft: a save says which version its values were based on. When
// someone else saved since, the save is merged field by field against that base instead of being
// refused or overwriting: a field changed on one side only takes that side's value, a field both
// sides changed to the same value is no conflict, and only a field both changed differently
// stops the save, with the three values, so its user chooses per field. Nothing either phone
// entered is lost unless its user chose so.

// FieldConflict is one field both sides changed differently since their common base.
type FieldConflict struct {
	Field  string
	Base   any
	Mine   any
	Theirs any
}

// EditConflictError is a stale save that cannot merge by itself: the submission as it is now,
// the fields to choose, and the merge of everything else (with theirs in the conflicting
// fields), which the client saves at Current.Version once its user has chosen.
type EditConflictError struct {
	Current   Submission
	Conflicts []FieldConflict
	Merged    map[string]any
}

func (e *EditConflictError) Error() string {
	return fmt.Sprintf("edit conflict on %d field(s)", len(e.Conflicts))
}

// Unwrap makes an EditConflictError a StaleError's kind of conflict.
func (e *EditConflictError) Unwrap() error { return &StaleError{Current: e.Current} }

// mergeDetail is what a merged save's revision and audit row say of it.
type mergeDetail struct {
	Base    int      `json:"base"`
	Arrived []string `json:"arrived"`
}

// same reports whether two values encode alike (values are JSON-shaped).
func same(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// merge3 merges mine into theirs against their common base. arrived lists the fields only
// theirs changed (what the saving user did not have); conflicts the fields both changed
// differently, for which merged keeps theirs.
func merge3(base, theirs, mine map[string]any) (merged map[string]any, arrived []string, conflicts []FieldConflict) {
	keys := map[string]bool{}
	for _, m := range []map[string]any{base, theirs, mine} {
		for k := range m {
			keys[k] = true
		}
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	merged = map[string]any{}
	put := func(k string, v any) {
		if v != nil {
			merged[k] = v
		}
	}
	for _, k := range names {
		b, t, m := base[k], theirs[k], mine[k]
		mineChanged, theirsChanged := !same(b, m), !same(b, t)
		switch {
		case mineChanged && theirsChanged && !same(m, t):
			conflicts = append(conflicts, FieldConflict{Field: k, Base: b, Mine: m, Theirs: t})
			put(k, t)
		case mineChanged:
			put(k, m)
		case theirsChanged:
			arrived = append(arrived, k)
			put(k, t)
		default:
			put(k, t)
		}
	}
	return merged, arrived, conflicts
}

// valuesAt rebuilds a submission's values as they were at version base, by undoing the diffs of
// every later revision. ok is false when base is not a version this submission had.
func (s *Service) valuesAt(ctx context.Context, sub Submission, base int) (map[string]any, bool, error) {
	if base < 1 || base >= sub.Version {
		return nil, false, nil
	}
	revs, err := s.store.Revisions(ctx, sub.ID)
	if err != nil {
		return nil, false, fmt.Errorf("read history of submission %d: %w", sub.ID, err)
	}
	vals := make(map[string]any, len(sub.Values))
	for k, v := range sub.Values {
		vals[k] = v
	}
	for i := len(revs) - 1; i >= 0 && revs[i].Version > base; i-- {
		for k, c := range revs[i].Diff {
			if c.From == nil {
				delete(vals, k)
			} else {
				vals[k] = c.From
			}
		}
	}
	return vals, true, nil
}
