package campaign

import (
	"context"
	"fmt"
	"time"

	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// OverdueTasks lists, earliest deadline first and at most limit, the tasks of orgs in sc whose
// deadline passed before now without a handed-in submission (none, a draft or a returned one):
// the data tasks a reviewer may press with a supervision notice.
func (s *Service) OverdueTasks(ctx context.Context, sc scope.Scope, now time.Time, limit int) ([]Task, error) {
	var vs []taskView
	err := s.store.tasks(ctx, sc).Select(taskColumns).
		Where("tasks.deadline < ? AND (submissions.id IS NULL OR submissions.status IN ?)", now,
			[]string{string(vocab.StatusDraft), string(vocab.StatusReturned)}).
		Order("tasks.deadline, tasks.id").Limit(limit).Find(&vs).Error
	if err != nil {
		return nil, fmt.Errorf("list overdue tasks: %w", err)
	}
	out := make([]Task, len(vs))
	for i, v := range vs {
		out[i] = v.toTask()
	}
	return out, nil
}
