package rollup

import (
	"context"
	"database/sql"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// Store runs the aggregations. Every query is scoped to the caller's subtrees and grouped by
// the database; rows never come back to be summed in Go.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// Slice picks the facts an aggregation runs over.
type Slice struct {
	Form     string
	Period   string
	Statuses []string
	Scope    scope.Scope
	OrgTypes []string
}

// Group keys.
const (
	GroupNone    = ""
	GroupOrgType = "org_type"
	GroupTown    = "town"
	GroupOrg     = "org"
)

// groupExprs are the only expressions that reach GROUP BY; user input selects a key, never text.
var groupExprs = map[string]string{
	GroupNone:    "''",
	GroupOrgType: "orgs.type",
	GroupTown:    "COALESCE(orgs.town_id, 0)",
	GroupOrg:     "orgs.id",
}

// Row is one group's aggregate: Total is a sum scaled by 10^4 or a count, Orgs the orgs in it.
type Row struct {
	Key   string
	Total int64
	Orgs  int64
}

var e4 = decimal.New(1, 4)

func scaled(d decimal.Decimal) int64 { return d.Mul(e4).Round(0).IntPart() }

// base starts a query over one form's facts in the slice.
func (s *Store) base(ctx context.Context, sl Slice) *gorm.DB {
	q := s.db.WithContext(ctx).Table("facts").Joins("JOIN orgs ON orgs.id = facts.org_id").
		Where("facts.form_code = ? AND facts.period = ? AND facts.status IN ?", sl.Form, sl.Period, sl.Statuses)
	if len(sl.OrgTypes) > 0 {
		q = q.Where("orgs.type IN ?", sl.OrgTypes)
	}
	return database.InScope(q, "orgs.path", sl.Scope)
}

// match restricts q (whose fact alias is tbl) to facts meeting c.
func match(q *gorm.DB, tbl string, c Cond) *gorm.DB {
	q = q.Where(tbl+".field = ?", c.Field)
	if len(c.In) > 0 {
		return q.Where(tbl+".text IN ?", c.In)
	}
	return q.Where(tbl+".num_e4 "+compare[c.Op]+" ?", scaled(c.Value))
}

// where keeps only orgs whose facts meet every condition, as IN subqueries on the fact table.
func (s *Store) where(ctx context.Context, q *gorm.DB, sl Slice, conds []Cond) *gorm.DB {
	for _, c := range conds {
		sub := s.db.WithContext(ctx).Table("facts AS f2").Select("f2.org_id").
			Where("f2.form_code = ? AND f2.period = ? AND f2.status IN ?", sl.Form, sl.Period, sl.Statuses)
		q = q.Where("facts.org_id IN (?)", match(sub, "f2", c))
	}
	return q
}

// Aggregate computes a by group.
func (s *Store) Aggregate(ctx context.Context, sl Slice, a Agg, group string) ([]Row, error) {
	gexpr := groupExprs[group]
	var q *gorm.DB
	switch a.Agg {
	case AggSum, AggAvg:
		q = s.where(ctx, s.base(ctx, sl).Where("facts.field IN ?", a.Fields), sl, a.Where).
			Select(gexpr + " AS `key`, COALESCE(SUM(facts.num_e4), 0) AS total, COUNT(DISTINCT facts.org_id) AS orgs")
	case AggCountWhere:
		q = s.where(ctx, match(s.base(ctx, sl), "facts", a.Where[0]), sl, a.Where[1:]).
			Select(gexpr + " AS `key`, COUNT(DISTINCT facts.org_id) AS total, COUNT(DISTINCT facts.org_id) AS orgs")
	default: // count: orgs that reported the form
		return s.Reporting(ctx, sl, group)
	}
	var rows []Row
	err := q.Group(gexpr).Scan(&rows).Error
	return rows, err
}

// Reporting counts the orgs whose submission of the form is in the slice's statuses.
func (s *Store) Reporting(ctx context.Context, sl Slice, group string) ([]Row, error) {
	gexpr := groupExprs[group]
	q := s.db.WithContext(ctx).Table("submissions").Joins("JOIN orgs ON orgs.id = submissions.org_id").
		Where("submissions.form_code = ? AND submissions.period = ? AND submissions.status IN ?", sl.Form, sl.Period, sl.Statuses)
	if len(sl.OrgTypes) > 0 {
		q = q.Where("orgs.type IN ?", sl.OrgTypes)
	}
	var rows []Row
	err := database.InScope(q, "orgs.path", sl.Scope).
		Select(gexpr + " AS `key`, COUNT(*) AS total, COUNT(*) AS orgs").Group(gexpr).Scan(&rows).Error
	return rows, err
}

// Expected counts the orgs that have a task for the form and period.
func (s *Store) Expected(ctx context.Context, sl Slice, group string) ([]Row, error) {
	gexpr := groupExprs[group]
	q := s.db.WithContext(ctx).Table("tasks").Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Joins("JOIN orgs ON orgs.id = tasks.org_id").
		Where("campaigns.form_code = ? AND campaigns.period = ?", sl.Form, sl.Period)
	if len(sl.OrgTypes) > 0 {
		q = q.Where("orgs.type IN ?", sl.OrgTypes)
	}
	var rows []Row
	err := database.InScope(q, "orgs.path", sl.Scope).
		Select(gexpr + " AS `key`, COUNT(DISTINCT tasks.org_id) AS total, COUNT(DISTINCT tasks.org_id) AS orgs").
		Group(gexpr).Scan(&rows).Error
	return rows, err
}

// PerOrgCounts returns how many orgs pass and how many fail a per-org check.
func (s *Store) PerOrgCounts(ctx context.Context, sl Slice, p PerOrg) (pass, fail int64, err error) {
	var r struct {
		Pass  sql.NullInt64
		Total int64
	}
	err = s.base(ctx, sl).Where("facts.field = ?", p.Field).
		Select("SUM(CASE WHEN facts.num_e4 "+compare[p.Op]+" ? THEN 1 ELSE 0 END) AS pass, COUNT(DISTINCT facts.org_id) AS total", scaled(p.Value)).
		Scan(&r).Error
	return r.Pass.Int64, r.Total - r.Pass.Int64, err
}

// Failing is an org that misses a per-org check.
type Failing struct {
	OrgID   int64
	OrgCode string
	OrgName string
	OrgType string
	TownID  *int64
	NumE4   *int64
}

// FailingOrgs lists the orgs that miss a per-org check, worst first, at most limit.
func (s *Store) FailingOrgs(ctx context.Context, sl Slice, p PerOrg, limit int) ([]Failing, error) {
	var out []Failing
	err := s.base(ctx, sl).Where("facts.field = ?", p.Field).
		Where("NOT (facts.num_e4 "+compare[p.Op]+" ?)", scaled(p.Value)).
		Select("facts.org_id, orgs.code AS org_code, orgs.name AS org_name, orgs.type AS org_type, orgs.town_id, facts.num_e4").
		Order("facts.num_e4").Order("orgs.code").Limit(limit).Scan(&out).Error
	return out, err
}

// AsOf is the time of the newest fact in the period and scope, nil when there is none.
func (s *Store) AsOf(ctx context.Context, sc scope.Scope, period string, statuses []string) (*time.Time, error) {
	q := s.db.WithContext(ctx).Table("facts").Joins("JOIN orgs ON orgs.id = facts.org_id").
		Where("facts.period = ? AND facts.status IN ?", period, statuses)
	var v any
	if err := database.InScope(q, "orgs.path", sc).Select("MAX(facts.at)").Row().Scan(&v); err != nil {
		return nil, err
	}
	var text string
	switch t := v.(type) {
	case nil:
		return nil, nil
	case time.Time:
		at := t.UTC()
		return &at, nil
	case string:
		text = t
	case []byte:
		text = string(t)
	}
	// SQLite hands MAX() of a datetime column back as text.
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
		if at, err := time.Parse(layout, text); err == nil {
			at = at.UTC()
			return &at, nil
		}
	}
	return nil, nil
}

// Periods lists the periods that have facts for a form in scope, oldest first.
func (s *Store) Periods(ctx context.Context, sc scope.Scope, form string, statuses []string) ([]string, error) {
	var ps []string
	q := s.db.WithContext(ctx).Table("facts").Joins("JOIN orgs ON orgs.id = facts.org_id").
		Where("facts.form_code = ? AND facts.status IN ?", form, statuses)
	err := database.InScope(q, "orgs.path", sc).Distinct("facts.period").Order("facts.period").Pluck("facts.period", &ps).Error
	return ps, err
}

// OrgNames returns the names of orgs (towns or schools) by id.
func (s *Store) OrgNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID   int64
		Name string
	}
	if err := s.db.WithContext(ctx).Table("orgs").Select("id, name").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}
