package audit

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Filter selects audit entries. Zero values select everything.
type Filter struct {
	ActorID  int64
	OrgPath  string // an org's path: the org and its subtree
	Action   string
	From, To time.Time // From inclusive, To exclusive
	Page     int
	PageSize int
}

// Row is one stored entry as a reader sees it.
type Row struct {
	ID         int64
	At         time.Time
	ActorID    *int64
	ActorName  string
	OrgID      *int64
	OrgName    string
	Action     string
	ObjectType string
	ObjectID   string
	Detail     string
	RequestID  string
	RemoteAddr string
}

// List returns a page of the entries about orgs in sc, newest first, and how many match.
// Entries without an org (a command-line bootstrap) are shown only to a caller whose scope
// covers a whole tree.
func (l *Log) List(ctx context.Context, sc scope.Scope, f Filter) ([]Row, int64, error) {
	q := func() *gorm.DB {
		q := l.db.WithContext(ctx).Table("audit_log").
			Joins("LEFT JOIN orgs ON orgs.id = audit_log.org_id").
			Joins("LEFT JOIN users ON users.id = audit_log.actor_id")
		scoped := database.InScope(l.db.Session(&gorm.Session{NewDB: true}), "orgs.path", sc)
		if coversRoot(sc) {
			q = q.Where(scoped.Or("audit_log.org_id IS NULL"))
		} else {
			q = q.Where(scoped)
		}
		if f.ActorID != 0 {
			q = q.Where("audit_log.actor_id = ?", f.ActorID)
		}
		if f.OrgPath != "" {
			q = database.InScope(q, "orgs.path", scope.Of(f.OrgPath))
		}
		if f.Action != "" {
			if strings.HasSuffix(f.Action, ".") {
				q = q.Where("audit_log.action LIKE ? ESCAPE '!'", database.EscapeLike(f.Action)+"%")
			} else {
				q = q.Where("audit_log.action = ?", f.Action)
			}
		}
		if !f.From.IsZero() {
			q = q.Where("audit_log.at >= ?", f.From.UTC())
		}
		if !f.To.IsZero() {
			q = q.Where("audit_log.at < ?", f.To.UTC())
		}
		return q
	}
	var total int64
	if err := q().Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []Row
	err := q().Select("audit_log.id, audit_log.at, audit_log.actor_id, COALESCE(users.username, '') AS actor_name, " +
		"audit_log.org_id, COALESCE(orgs.name, '') AS org_name, audit_log.action, audit_log.object_type, " +
		"audit_log.object_id, audit_log.detail, audit_log.request_id, audit_log.remote_addr").
		Order("audit_log.id DESC").Offset((f.Page - 1) * f.PageSize).Limit(f.PageSize).Scan(&rows).Error
	return rows, total, err
}

// coversRoot reports whether sc holds a root's whole tree ("/1/").
func coversRoot(sc scope.Scope) bool {
	for _, p := range sc.Paths() {
		if strings.Count(p, "/") == 2 {
			return true
		}
	}
	return false
}
