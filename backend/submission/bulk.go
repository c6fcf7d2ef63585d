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

// FactChange is one org's new facts for a form and period, as BulkFactHook hears of them.
type FactChange struct {
	OrgID            int64
	FormCode, Period string
	Status           string
	Facts            []form.Fact
}

// BulkFactHook is a FactHook that can take many orgs' new facts at once: SeedApproved hands a
// whole batch to it, so its bookkeeping per batch does not grow with the data already there
// (rollup.Writer implements it).
type BulkFactHook interface {
	ReplaceMany(tx *gorm.DB, changes []FactChange, now time.Time) error
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
	// Batches stay small: the SQLite driver binds each parameter by a scan of all of them, so a
	// statement's cost grows with the square of its parameters.
	if err := s.db.Session(&gorm.Session{CreateBatchSize: bulkRows}).Create(&subs).Error; err != nil {
		return err
	}
	var facts []factRow
	bulk, isBulk := s.hook.(BulkFactHook)
	changes := make([]FactChange, 0, len(items))
	for _, it := range items {
		switch {
		case isBulk:
			changes = append(changes, FactChange{OrgID: it.OrgID, FormCode: it.FormCode, Period: it.Period,
				Status: string(StatusApproved), Facts: it.Facts})
		case s.hook != nil:
			if err := s.hook.Replace(s.db, it.OrgID, it.FormCode, it.Period, string(StatusApproved), it.Facts, now); err != nil {
				return err
			}
		}
		facts = appendFactRows(facts, it.OrgID, it.FormCode, it.Period, it.Facts, StatusApproved, now)
	}
	if isBulk {
		if err := bulk.ReplaceMany(s.db, changes, now); err != nil {
			return err
		}
	}
	if len(facts) == 0 {
		return nil
	}
	return s.db.CreateInBatches(facts, 2*bulkRows).Error
}

// bulkRows is how many submissions one INSERT of SeedApproved writes (about 400 parameters; a fact row has 9).
const bulkRows = 25

func nonNil(is []form.Issue) []form.Issue {
	if is == nil {
		return []form.Issue{}
	}
	return is
}
