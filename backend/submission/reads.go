package submission

import (
	"context"
	"database/sql"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/form"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Reader is what other domains read of submissions and their facts: named reads, never a write.
// Only this package names the submissions and facts tables; the rollup's rebuild streams facts,
// exports stream submissions and the metrics count them through a Reader. It needs no fact hook,
// so the composition root can build it before the rollup that the Store's hook belongs to.
type Reader struct{ db *gorm.DB }

// NewReader returns a Reader over db.
func NewReader(db *gorm.DB) *Reader { return &Reader{db: db} }

// EachOrgFacts streams the stored facts of forms to fn, one call per org, form and period (in
// that order), with the status and time the facts were stored with. Numbers come back exact, as
// they were stored (scaled by 10^4). Rows are streamed from the database, never all loaded.
func (r *Reader) EachOrgFacts(ctx context.Context, forms []string,
	fn func(orgID int64, form, period, status string, at time.Time, facts []form.Fact) error) error {
	// A submitted one's facts count at the level it waits at (vocab.FactStatus), as the rollup
	// keeps them in the same transaction as each step.
	rows, err := r.db.WithContext(ctx).Table("facts").
		Select("facts.org_id, facts.form_code, facts.period, facts.field, facts.text, facts.num_e4, facts.status, facts.at, "+
			"COALESCE(submissions.review_level, '')").
		Joins("LEFT JOIN submissions ON submissions.org_id = facts.org_id AND submissions.form_code = facts.form_code AND submissions.period = facts.period").
		Where("facts.form_code IN ?", forms).Order("facts.org_id, facts.form_code, facts.period").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	type key struct {
		orgID                int64
		form, period, status string
		at                   time.Time
	}
	var (
		k     key
		batch []form.Fact
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := fn(k.orgID, k.form, k.period, k.status, k.at, batch)
		batch = nil
		return err
	}
	for rows.Next() {
		var (
			f   key
			fct form.Fact
			num sql.NullInt64
		)
		var level string
		if err := rows.Scan(&f.orgID, &f.form, &f.period, &fct.Field, &fct.Text, &num, &f.status, &f.at, &level); err != nil {
			return err
		}
		f.status = vocab.FactStatus(Status(f.status), vocab.ReviewLevel(level))
		if num.Valid {
			n := decimal.New(num.Int64, -4)
			fct.Num = &n
		}
		if len(batch) > 0 && (k.orgID != f.orgID || k.form != f.form || k.period != f.period) {
			if err := flush(); err != nil {
				return err
			}
		}
		if len(batch) == 0 {
			k = f
		}
		batch = append(batch, fct)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// Listed is one submission with its org, as an export lists it: the stored values and computed
// values as JSON text.
type Listed struct {
	OrgCode     string
	OrgName     string
	OrgType     string
	TownName    *string
	Status      string
	ReviewLevel string // the level a submitted one waits at ("" with one review step)
	SubmittedAt *time.Time
	ApprovedAt  *time.Time
	Data        string
	Computed    string
}

// EachSubmission calls fn for each submission of the form and period whose status is one of
// statuses and whose org lies in sc, in org path order (a town's schools together). Rows are
// streamed from the database, never all loaded.
func (r *Reader) EachSubmission(ctx context.Context, sc scope.Scope, formCode, period string, statuses []string, fn func(Listed) error) error {
	q := database.InScope(r.db.WithContext(ctx).Table("submissions").
		Select("orgs.code AS org_code, orgs.name AS org_name, orgs.type AS org_type, towns.name AS town_name, "+
			"submissions.status, submissions.review_level, submissions.submitted_at, submissions.approved_at, submissions.data, submissions.computed").
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
		var l Listed
		if err := r.db.ScanRows(rows, &l); err != nil {
			return err
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SubmissionsByStatus counts submissions per status with one GROUP BY.
func (r *Reader) SubmissionsByStatus(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	if err := r.db.WithContext(ctx).Table("submissions").Select("status, COUNT(*) AS n").
		Group("status").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, row := range rows {
		out[row.Status] = row.N
	}
	return out, nil
}
