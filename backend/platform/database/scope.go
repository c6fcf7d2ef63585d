package database

import (
	"strings"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/scope"
)

// InScope restricts q to rows whose materialised-path column lies in sc. An empty scope
// matches nothing. col is a trusted column name written in code, never user input.
//
// A subtree is a key range, [path, path with its last "/" raised to "0"), because paths hold
// only digits and slashes and "/" sorts just below "0" (in binary and in the Unicode
// collations alike). Unlike LIKE, a range uses the column's index on SQLite and MySQL.
func InScope(q *gorm.DB, col string, sc scope.Scope) *gorm.DB {
	ps := sc.Paths()
	if len(ps) == 0 {
		return q.Where("1 = 0")
	}
	conds := make([]string, len(ps))
	args := make([]any, 0, 2*len(ps))
	for i, p := range ps {
		conds[i] = "(" + col + " >= ? AND " + col + " < ?)"
		args = append(args, p, SubtreeEnd(p))
	}
	return q.Where("("+strings.Join(conds, " OR ")+")", args...)
}

// SubtreeEnd is the first path after the subtree at path ("/1/7/" → "/1/70"): the exclusive
// upper bound of its key range.
func SubtreeEnd(path string) string {
	if path == "" {
		return path
	}
	return path[:len(path)-1] + string(path[len(path)-1]+1)
}

// likeEscaper escapes LIKE wildcards with '!', an escape character both SQLite and MySQL
// accept without dialect-specific quoting.
var likeEscaper = strings.NewReplacer(`!`, `!!`, `%`, `!%`, `_`, `!_`)

// EscapeLike escapes s for use in `LIKE ? ESCAPE '!'` (paths hold only digits and slashes,
// but user search terms do not).
func EscapeLike(s string) string { return likeEscaper.Replace(s) }
