package submission

import (
	"context"
	"fmt"
	"time"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// UntouchedRef is a returned submission nobody has changed since a time.
type UntouchedRef struct {
	ID        int64
	OrgID     int64
	OrgCode   string
	OrgName   string
	FormCode  string
	Period    string
	UpdatedAt time.Time
}

// ReturnedUntouched lists, oldest change first and at most limit, the submissions of orgs in sc
// that stand returned and were last changed before before: returned forms left untouched.
func (r *Reader) ReturnedUntouched(ctx context.Context, sc scope.Scope, before time.Time, limit int) ([]UntouchedRef, error) {
	var out []UntouchedRef
	q := r.db.WithContext(ctx).Table("submissions").Joins("JOIN orgs ON orgs.id = submissions.org_id").
		Select("submissions.id, submissions.org_id, orgs.code AS org_code, orgs.name AS org_name, submissions.form_code, "+
			"submissions.period, submissions.updated_at").
		Where("submissions.status = ? AND submissions.updated_at < ?", string(vocab.StatusReturned), before)
	if err := database.InScope(q, "orgs.path", sc).Order("submissions.updated_at, submissions.id").Limit(limit).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list returned submissions left untouched: %w", err)
	}
	for i := range out {
		out[i].UpdatedAt = out[i].UpdatedAt.UTC()
	}
	return out, nil
}
