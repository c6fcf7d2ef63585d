package submission

import (
	"context"
	"fmt"
	"time"

	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// HandedIn reports which of orgIDs have submitted (or had approved) the form for the period:
// the orgs a deadline reminder skips.
func (r *Reader) HandedIn(ctx context.Context, formCode, period string, orgIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	var ids []int64
	err := r.db.WithContext(ctx).Table("submissions").
		Where("form_code = ? AND period = ? AND org_id IN ? AND status IN ?", formCode, period, orgIDs, vocab.Strings(vocab.HandedIn)).
		Pluck("org_id", &ids).Error
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// ReturnedRef is a submission a reviewer returned, with the user who last submitted it (its
// filler; nil when nobody has submitted it). ReturnVersion is the version the latest return
// made: it names that return, whatever the filler has saved since.
type ReturnedRef struct {
	ID            int64
	OrgID         int64
	FormCode      string
	Period        string
	Version       int
	ReturnVersion int
	ReturnedAt    time.Time
	FillerID      *int64
}

// ReturnedSince lists the submissions that are returned now and changed at or after since, by id.
func (r *Reader) ReturnedSince(ctx context.Context, since time.Time) ([]ReturnedRef, error) {
	var out []ReturnedRef
	err := r.db.WithContext(ctx).Table("submissions").
		Select("submissions.id, submissions.org_id, submissions.form_code, submissions.period, submissions.version, "+
			"submissions.updated_at AS returned_at, (SELECT rv.actor_id FROM submission_revisions rv WHERE rv.submission_id = submissions.id "+
			"AND rv.action = 'submit' ORDER BY rv.id DESC LIMIT 1) AS filler_id, (SELECT MAX(rr.version) FROM submission_revisions rr "+
			"WHERE rr.submission_id = submissions.id AND rr.to_status = ? AND rr.from_status <> ?) AS return_version",
			string(vocab.StatusReturned), string(vocab.StatusReturned)).
		Where("submissions.status = ? AND submissions.updated_at >= ?", string(vocab.StatusReturned), since).
		Order("submissions.id").Scan(&out).Error
	return out, err
}

// CountAwaiting counts the submissions waiting for a reviewer who holds the role at orgIDs: those
// waiting at the level each of those orgs reviews at, below it (a one-step campaign's anywhere
// below it); the reviewer's own queue (GET /submissions?awaiting=me).
func (r *Reader) CountAwaiting(ctx context.Context, orgIDs []int64) (int64, error) {
	var os []struct {
		ID       int64
		ParentID *int64
		Path     string
		Type     string
	}
	if err := r.db.WithContext(ctx).Table("orgs").Select("id, parent_id, path, type").Where("id IN ?", orgIDs).Find(&os).Error; err != nil {
		return 0, fmt.Errorf("review seats of orgs %v: %w", orgIDs, err)
	}
	seats := make([]Seat, len(os))
	for i, o := range os {
		seats[i] = Seat{OrgID: o.ID, Path: o.Path, Level: levelOfType(vocab.OrgType(o.Type), o.ParentID == nil)}
	}
	var n int64
	q := r.db.WithContext(ctx).Table("submissions").Joins("JOIN orgs ON orgs.id = submissions.org_id")
	if err := awaiting(q, seats).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count the review queue at orgs %v: %w", orgIDs, err)
	}
	return n, nil
}
