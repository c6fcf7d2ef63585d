package campaign

import (
	"context"
	"time"

	"github.com/tianbao-edu/tianbao/backend/errs"
)

// Deadline returns the deadline of the org's task for a form and period — the latest, when
// several campaigns ask for the same data, as TaskFor picks — without the task's org and
// submission: what a draft save checks on every save (Task.Locked), in one short query.
// errs.ErrNotFound when no campaign asks the org for it.
func (s *Service) Deadline(ctx context.Context, orgID int64, formCode, periodText string) (time.Time, error) {
	return s.store.deadline(ctx, orgID, formCode, periodText)
}

func (s *Store) deadline(ctx context.Context, orgID int64, formCode, period string) (time.Time, error) {
	// ORDER BY … LIMIT 1, not MAX: SQLite gives an aggregate of a timestamp column as text.
	var ds []time.Time
	err := s.db.WithContext(ctx).Table("tasks").
		Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Where("tasks.org_id = ? AND campaigns.form_code = ? AND campaigns.period = ?", orgID, formCode, period).
		Order("tasks.deadline DESC").Limit(1).Pluck("tasks.deadline", &ds).Error
	if err != nil {
		return time.Time{}, err
	}
	if len(ds) == 0 {
		return time.Time{}, errs.ErrNotFound
	}
	return ds[0], nil
}
