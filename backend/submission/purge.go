package submission

import (
	"context"
	"errors"
	"fmt"
	"os"

	"gorm.io/gorm"
)

// Purged counts what PurgeDemoTx removed; SHA256s are the stored files it may have orphaned.
type Purged struct {
	Submissions, Attachments int64
	SHA256s                  []string
}

// PurgeDemoTx deletes, inside the caller's transaction, every submission marked demo and every
// submission of the orgs orgIDs (demo orgs about to go), with their history, attachments and
// facts, and the figures those facts fed. The stored files stay until RemoveOrphanFiles, after
// the commit.
func (s *Service) PurgeDemoTx(ctx context.Context, tx *gorm.DB, orgIDs []int64) (Purged, error) {
	var p Purged
	db := tx.WithContext(ctx)
	doomed := func() *gorm.DB {
		q := db.Model(&submissionRow{}).Select("id").Where("demo = ?", true)
		if len(orgIDs) > 0 {
			q = q.Or("org_id IN ?", orgIDs)
		}
		return q
	}
	var ids []int64
	if err := doomed().Pluck("id", &ids).Error; err != nil {
		return p, fmt.Errorf("list demo submissions: %w", err)
	}
	if len(ids) == 0 {
		return p, nil
	}
	var keys []struct {
		OrgID    int64
		FormCode string
		Period   string
	}
	if err := db.Model(&submissionRow{}).Select("org_id, form_code, period").Where("id IN ?", ids).Find(&keys).Error; err != nil {
		return p, fmt.Errorf("list demo submission keys: %w", err)
	}
	if err := db.Model(&attachmentRow{}).Where("submission_id IN ?", ids).Distinct().Pluck("sha256", &p.SHA256s).Error; err != nil {
		return p, fmt.Errorf("list demo attachments: %w", err)
	}
	r := db.Where("submission_id IN ?", ids).Delete(&attachmentRow{})
	if r.Error != nil {
		return p, fmt.Errorf("delete demo attachments: %w", r.Error)
	}
	p.Attachments = r.RowsAffected
	if err := db.Where("submission_id IN ?", ids).Delete(&revisionRow{}).Error; err != nil {
		return p, fmt.Errorf("delete demo history: %w", err)
	}
	// A submission's facts are its org, form and period's (one submission each).
	for _, k := range keys {
		if err := db.Where("org_id = ? AND form_code = ? AND period = ?", k.OrgID, k.FormCode, k.Period).Delete(&factRow{}).Error; err != nil {
			return p, fmt.Errorf("delete demo facts of org %d: %w", k.OrgID, err)
		}
		if s.store.hook != nil {
			if err := s.store.hook.Forget(db, k.OrgID, k.FormCode, k.Period); err != nil {
				return p, fmt.Errorf("forget demo figures of org %d: %w", k.OrgID, err)
			}
		}
	}
	if r = db.Where("id IN ?", ids).Delete(&submissionRow{}); r.Error != nil {
		return p, fmt.Errorf("delete demo submissions: %w", r.Error)
	}
	p.Submissions = r.RowsAffected
	return p, nil
}

// RemoveOrphanFiles deletes the stored files of shas that no attachment names any more (files
// are stored once per content, so another submission may share one). Failures are returned
// together; the rows are already gone, so a leftover file is harmless but worth a log line.
func (s *Service) RemoveOrphanFiles(ctx context.Context, shas []string) error {
	var errsOut []error
	for _, sha := range shas {
		if len(sha) < 2 {
			continue
		}
		var n int64
		if err := s.store.db.WithContext(ctx).Model(&attachmentRow{}).Where("sha256 = ?", sha).Count(&n).Error; err != nil {
			errsOut = append(errsOut, fmt.Errorf("count users of file %s: %w", sha, err))
			continue
		}
		if n > 0 {
			continue
		}
		if err := os.Remove(s.files.path(sha)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errsOut = append(errsOut, fmt.Errorf("remove file %s: %w", sha, err))
		}
	}
	return errors.Join(errsOut...)
}
