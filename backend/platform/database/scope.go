package database

import (
	"strings"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/scope"
)

// InScope restricts q to rows whose materialised-path column lies in sc. An empty scope
// matches nothing. col is a trusted column name written in code, never user input.
func InScope(q *gorm.DB, col string, sc scope.Scope) *gorm.DB {
	ps := sc.Paths()
	if len(ps) == 0 {
		return q.Where("1 = 0")
	}
	conds := make([]string, len(ps))
	args := make([]any, len(ps))
	for i, p := range ps {
		conds[i] = col + " LIKE ? ESCAPE '!'"
		args[i] = EscapeLike(p) + "%"
	}
	return q.Where("("+strings.Join(conds, " OR ")+")", args...)
}

// likeEscaper escapes LIKE wildcards with '!', an escape character both SQLite and MySQL
// accept without dialect-specific quoting.
var likeEscaper = strings.NewReplacer(`!`, `!!`, `%`, `!%`, `_`, `!_`)

// EscapeLike escapes s for use in `LIKE ? ESCAPE '!'` (paths hold only digits and slashes,
// but user search terms do not).
func EscapeLike(s string) string { return likeEscaper.Replace(s) }
