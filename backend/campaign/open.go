package campaign

import (
	"context"

	"github.com/tianbao-edu/tianbao/backend/scope"
)

// OpenTasks returns every task of a campaign in sc that has no submission yet, earliest deadline
// first, in one query: for filling a campaign in bulk (synthetic data). Paging through Tasks
// instead would count and skip over the whole campaign once per page.
func (s *Service) OpenTasks(ctx context.Context, sc scope.Scope, campaignID int64) ([]Task, error) {
	var vs []taskView
	if err := s.store.tasks(ctx, sc).Where("tasks.campaign_id = ? AND submissions.id IS NULL", campaignID).
		Select(taskColumns).Order("tasks.deadline, tasks.id").Find(&vs).Error; err != nil {
		return nil, err
	}
	out := make([]Task, len(vs))
	for i, v := range vs {
		out[i] = v.toTask()
	}
	return out, nil
}

// ExpectedTotalsByType is ExpectedTotals summed over the towns: one row per form and org type
// (TownID is town), the fewer rows a district or town summary needs.
func (s *Store) ExpectedTotalsByType(ctx context.Context, period string, town int64) ([]Expected, error) {
	q := s.db.WithContext(ctx).Table("task_totals")
	if town != 0 {
		q = q.Where("town_id = ?", town)
	}
	var out []Expected
	err := q.Where("period = ?", period).Select("form_code AS form, org_type, ? AS town_id, SUM(orgs) AS n", town).
		Group("form_code, org_type").Scan(&out).Error
	return out, err
}
