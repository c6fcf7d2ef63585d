// Package scope describes which part of the org tree a caller may touch for one permission:
// a set of materialised-path prefixes. Every store query on tenant data takes a Scope, so a
// handler that forgets a check still cannot read outside the caller's subtrees.
package scope

import (
	"sort"
	"strings"
)

// Scope is a set of subtree roots, as materialised paths like "/1/7/". The zero Scope is empty
// and matches nothing.
type Scope struct {
	paths []string
}

// Of builds a Scope from paths, dropping any path already covered by a shorter one.
func Of(paths ...string) Scope {
	ps := append([]string(nil), paths...)
	sort.Strings(ps)
	var out []string
	for _, p := range ps {
		if p == "" {
			continue
		}
		if n := len(out); n > 0 && strings.HasPrefix(p, out[n-1]) {
			continue
		}
		out = append(out, p)
	}
	return Scope{paths: out}
}

// Paths returns the subtree roots, shortest-prefix-free and sorted.
func (s Scope) Paths() []string { return s.paths }

// Empty reports whether the scope matches nothing.
func (s Scope) Empty() bool { return len(s.paths) == 0 }

// Contains reports whether the org at path lies in one of the subtrees.
func (s Scope) Contains(path string) bool {
	for _, p := range s.paths {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
