package errs

import (
	"fmt"
	"strconv"
)

// CheckList bounds a list taken from a request: more than max entries is one too_many error on
// field (and the entries are not looked at, so a huge list costs nothing more); an entry equal
// to an earlier one is a duplicate error on field[i]. It reports whether the list is within
// its bound, so the caller knows whether to check the entries themselves.
func CheckList[T comparable](v *ValidationError, field string, items []T, max int) bool {
	if len(items) > max {
		v.Add(field, "too_many", fmt.Sprintf("at most %d entries", max))
		return false
	}
	seen := make(map[T]bool, len(items))
	for i, it := range items {
		if seen[it] {
			v.Add(field+"["+strconv.Itoa(i)+"]", "duplicate", "this entry appears earlier in the list")
		}
		seen[it] = true
	}
	return true
}
