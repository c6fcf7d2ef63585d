package campaign

import (
	"context"
	"time"
)

// DueTask is a task whose deadline falls in a window, with its campaign and org: what the
// notification rules remind an org of.
type DueTask struct {
	TaskID     int64
	CampaignID int64
	OrgID      int64
	OrgPath    string
	OrgName    string
	FormCode   string
	Period     string
	Title      string
	Deadline   time.Time
}

// DueTasks lists the tasks whose own deadline (an extension included) lies in [from, to), by
// task id. Reminders read them here; nothing is written.
func (s *Store) DueTasks(ctx context.Context, from, to time.Time) ([]DueTask, error) {
	var out []DueTask
	err := s.db.WithContext(ctx).Table("tasks").
		Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Joins("JOIN orgs ON orgs.id = tasks.org_id").
		Where("tasks.deadline >= ? AND tasks.deadline < ?", from, to).
		Select("tasks.id AS task_id, tasks.campaign_id, tasks.org_id, orgs.path AS org_path, orgs.name AS org_name, " +
			"campaigns.form_code, campaigns.period, campaigns.title, tasks.deadline").
		Order("tasks.id").Scan(&out).Error
	return out, err
}
