package export

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Store is the only code of this package that touches the database: it reads submissions with
// their orgs, one row at a time.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// SubmissionRow is one submission with its org, as an export reads it.
type SubmissionRow struct {
	OrgCode     string
	OrgName     string
	OrgType     string
	TownName    *string
	Status      string
	SubmittedAt *time.Time
	ApprovedAt  *time.Time
	Data        string
	Computed    string
}

// EachSubmission calls fn for each submission of the form and period whose status is one of
// statuses and whose org lies in sc, in org path order (a town's schools together). Rows are
// streamed from the database, never all loaded.
func (s *Store) EachSubmission(ctx context.Context, sc scope.Scope, formCode, period string, statuses []string, fn func(SubmissionRow) error) error {
	q := database.InScope(s.db.WithContext(ctx).Table("submissions").
		Select("orgs.code AS org_code, orgs.name AS org_name, orgs.type AS org_type, towns.name AS town_name, "+
			"submissions.status, submissions.submitted_at, submissions.approved_at, submissions.data, submissions.computed").
		Joins("JOIN orgs ON orgs.id = submissions.org_id").
		Joins("LEFT JOIN orgs towns ON towns.id = orgs.town_id"), "orgs.path", sc).
		Where("submissions.form_code = ? AND submissions.period = ? AND submissions.status IN ?", formCode, period, statuses).
		Order("orgs.path")
	rows, err := q.Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r SubmissionRow
		if err := s.db.ScanRows(rows, &r); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
