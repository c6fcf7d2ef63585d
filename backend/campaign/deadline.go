package campaign

import (
	"context"
	"fmt"
	"time"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/vocab"
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

// ReviewLevels returns the review levels of the campaign that asks the org for the form and
// period (the latest-deadline one, as TaskFor): empty for one step; ErrNotFound without a task.
func (s *Service) ReviewLevels(ctx context.Context, orgID int64, formCode, periodText string) ([]vocab.ReviewLevel, error) {
	var raw []string
	err := s.store.db.WithContext(ctx).Table("tasks").
		Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Where("tasks.org_id = ? AND campaigns.form_code = ? AND campaigns.period = ?", orgID, formCode, periodText).
		Order("tasks.deadline DESC").Limit(1).Pluck("campaigns.review_levels", &raw).Error
	if err != nil {
		return nil, fmt.Errorf("review levels of org %d for %s %s: %w", orgID, formCode, periodText, err)
	}
	if len(raw) == 0 {
		return nil, errs.ErrNotFound
	}
	return parseLevels(raw[0]), nil
}
