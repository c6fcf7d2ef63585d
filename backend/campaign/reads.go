package campaign

import (
	"context"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// The reads other domains make of who is asked to report. Only this package names the campaigns,
// tasks and task_totals tables: the rollup counts the orgs expected to report an indicator and
// lists those that have not through these.

// Expected is the number of orgs of one type and town with a task for a form in a period.
type Expected struct {
	Form    string
	OrgType string
	TownID  int64
	N       int64
}

// ExpectedTotals reads the task totals this store keeps for a period (one row per form, org type
// and town): district-wide, or of one town when town is not 0.
func (s *Store) ExpectedTotals(ctx context.Context, period string, town int64) ([]Expected, error) {
	q := s.db.WithContext(ctx).Table("task_totals")
	if town != 0 {
		q = q.Where("town_id = ?", town)
	}
	var out []Expected
	err := q.Where("period = ?", period).Select("form_code AS form, org_type, town_id, orgs AS n").Scan(&out).Error
	return out, err
}

// ExpectedIn counts, in one query, the orgs in sc with a task for each form in a period, per org
// type and town: for a scope the kept totals do not cover.
func (s *Store) ExpectedIn(ctx context.Context, sc scope.Scope, period string) ([]Expected, error) {
	q := s.db.WithContext(ctx).Table("tasks").Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Joins("JOIN orgs ON orgs.id = tasks.org_id").Where("campaigns.period = ?", period)
	var out []Expected
	err := database.InScope(q, "orgs.path", sc).
		Select("campaigns.form_code AS form, orgs.type AS org_type, COALESCE(orgs.town_id, 0) AS town_id, COUNT(DISTINCT tasks.org_id) AS n").
		Group("campaigns.form_code, orgs.type, COALESCE(orgs.town_id, 0)").Scan(&out).Error
	return out, err
}

// NotReportedPage lists the orgs in sc with a task for form in period (of orgTypes, when given)
// for which reported finds nothing: who still owes a figure, by org code, limit of them after
// offset, and how many there are in all. reported builds the caller's own subquery, correlated on
// the column holding each task's org id (the query runs it under NOT EXISTS), so each is one query.
func (s *Store) NotReportedPage(ctx context.Context, sc scope.Scope, form, period string, orgTypes []string,
	reported func(orgIDColumn string) *gorm.DB, offset, limit int) ([]org.Ref, int64, error) {
	var total int64
	if err := s.notReported(ctx, sc, form, period, orgTypes, reported).
		Select("COUNT(DISTINCT tasks.org_id)").Scan(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []org.Ref{}
	if int64(offset) >= total {
		return out, total, nil
	}
	err := s.notReported(ctx, sc, form, period, orgTypes, reported).
		Distinct("tasks.org_id AS org_id, orgs.code AS org_code, orgs.name AS org_name, orgs.type AS org_type, orgs.town_id").
		Order("orgs.code").Offset(offset).Limit(limit).Scan(&out).Error
	return out, total, err
}

func (s *Store) notReported(ctx context.Context, sc scope.Scope, form, period string, orgTypes []string,
	reported func(orgIDColumn string) *gorm.DB) *gorm.DB {
	q := s.db.WithContext(ctx).Table("tasks").Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Joins("JOIN orgs ON orgs.id = tasks.org_id").
		Where("campaigns.form_code = ? AND campaigns.period = ? AND NOT EXISTS (?)", form, period, reported("tasks.org_id"))
	if len(orgTypes) > 0 {
		q = q.Where("orgs.type IN ?", orgTypes)
	}
	return database.InScope(q, "orgs.path", sc)
}
