package submission

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/form"
)

// Seeded is a complete, approved submission produced outside the workflow (synthetic load data).
type Seeded struct {
	OrgID       int64
	FormCode    string
	FormVersion int
	Period      string
	Result      form.Result
	Facts       []form.Fact
}

// SeedApproved inserts approved submissions with their facts in batches, skipping none of the
// fact bookkeeping, so rollups over them behave exactly as over reviewed data. It is for the
// synthetic benchmark data set, not for user input.
func (s *Service) SeedApproved(ctx context.Context, actor int64, items []Seeded) error {
	now := s.now()
	const chunk = 500
	for start := 0; start < len(items); start += chunk {
		part := items[start:min(start+chunk, len(items))]
		if err := s.store.Tx(ctx, func(st *Store) error { return st.insertApproved(part, actor, now) }); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) insertApproved(items []Seeded, actor int64, now time.Time) error {
	subs := make([]submissionRow, len(items))
	for i, it := range items {
		data, err := json.Marshal(it.Result.Values)
		if err != nil {
			return err
		}
		computed, err := json.Marshal(it.Result.Computed)
		if err != nil {
			return err
		}
		warnings, err := json.Marshal(nonNil(it.Result.Warnings))
		if err != nil {
			return err
		}
		subs[i] = submissionRow{OrgID: it.OrgID, FormCode: it.FormCode, FormVersion: it.FormVersion, Period: it.Period,
			Status: string(StatusApproved), Version: 1, Data: string(data), Computed: string(computed), Warnings: string(warnings),
			SubmittedAt: &now, ApprovedAt: &now, UpdatedBy: &actor, CreatedAt: now, UpdatedAt: now}
	}
	if err := s.db.Session(&gorm.Session{CreateBatchSize: 200}).Create(&subs).Error; err != nil {
		return err
	}
	var facts []factRow
	for _, it := range items {
		if s.hook != nil {
			if err := s.hook.Replace(s.db, it.OrgID, it.FormCode, it.Period, string(StatusApproved), it.Facts, now); err != nil {
				return err
			}
		}
		facts = appendFactRows(facts, it.OrgID, it.FormCode, it.Period, it.Facts, StatusApproved, now)
	}
	if len(facts) == 0 {
		return nil
	}
	return s.db.CreateInBatches(facts, 500).Error
}

func nonNil(is []form.Issue) []form.Issue {
	if is == nil {
		return []form.Issue{}
	}
	return is
}
