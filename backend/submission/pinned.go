package submission

import (
	"context"
	"fmt"

	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// PinnedEditable counts the submissions of a form that are still being filled (draft or returned)
// on a version older than below: a new version leaves them on theirs until each is upgraded.
func (s *Service) PinnedEditable(ctx context.Context, formCode string, below int) (int64, error) {
	n, err := s.store.pinnedEditable(ctx, formCode, below)
	if err != nil {
		return 0, fmt.Errorf("count editable submissions of %s before version %d: %w", formCode, below, err)
	}
	return n, nil
}

func (s *Store) pinnedEditable(ctx context.Context, formCode string, below int) (int64, error) {
	statuses := make([]string, len(vocab.NotHandedIn))
	for i, st := range vocab.NotHandedIn {
		statuses[i] = string(st)
	}
	var n int64
	err := s.db.WithContext(ctx).Model(&submissionRow{}).
		Where("form_code = ? AND form_version < ? AND status IN ?", formCode, below, statuses).Count(&n).Error
	return n, err
}
