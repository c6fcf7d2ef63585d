package rollup

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/vocab"
)

// Store is the only code that touches indicator_facts and indicator_totals. Writes happen
// inside the submission's transaction (WithTx); reads are GROUP BY queries, and a district-wide
// read only touches the per-group totals.
type Store struct{ db *gorm.DB }

// NewStore returns a Store over db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// WithTx returns a Store bound to a caller's transaction.
func (s *Store) WithTx(tx *gorm.DB) *Store { return &Store{db: tx} }

// Group keys.
const (
	GroupNone    = ""
	GroupOrgType = "org_type"
	GroupTown    = "town"
	GroupOrg     = "org"
)

// groupExprs are the only expressions that reach GROUP BY; user input selects a key, never text.
var groupExprs = map[string]string{GroupNone: "''", GroupOrgType: "org_type", GroupTown: "town_id", GroupOrg: "org_id"}

type factRow struct {
	ID        int64 `gorm:"primaryKey"`
	Indicator string
	OrgID     int64
	Period    string
	Status    string
	OrgType   string
	TownID    int64
	OrgPath   string
	NumHi     int64
	NumLo     int64
	DenHi     int64
	DenLo     int64
	NumN      int
	DenN      int
	Pass      int
	Fail      int
	ValueE8   *int64
	At        time.Time
}

func (factRow) TableName() string { return "indicator_facts" }

// newFactRow is the stored form of one org's contribution.
func newFactRow(code string, orgID int64, o orgInfo, period, status string, c contribution, at time.Time) (factRow, error) {
	var town int64
	if o.TownID != nil {
		town = *o.TownID
	}
	r := factRow{Indicator: code, OrgID: orgID, Period: period, Status: status, OrgType: o.Type, TownID: town,
		OrgPath: o.Path, NumN: c.NumN, DenN: c.DenN, Pass: c.Pass, Fail: c.Fail, At: at}
	var err error
	if r.NumHi, r.NumLo, err = split(c.Num); err != nil {
		return r, fmt.Errorf("indicator %s numerator: %w", code, err)
	}
	if r.DenHi, r.DenLo, err = split(c.Den); err != nil {
		return r, fmt.Errorf("indicator %s denominator: %w", code, err)
	}
	if c.Value != nil {
		v := clampE8(*c.Value)
		r.ValueE8 = &v
	}
	return r, nil
}

// group identifies one indicator_totals row.
type group struct {
	Indicator, Period, Status, OrgType string
	TownID                             int64
}

type orgInfo struct {
	Type   string
	TownID *int64
	Path   string
}

func (s *Store) orgInfo(orgID int64) (orgInfo, error) {
	var o orgInfo
	err := s.db.Table("orgs").Select("type, town_id, path").Where("id = ?", orgID).Take(&o).Error
	return o, err
}

func (s *Store) groupsOf(orgID int64, period string, codes []string) ([]group, error) {
	var gs []group
	err := s.db.Table("indicator_facts").Distinct("indicator, period, status, org_type, town_id").
		Where("org_id = ? AND period = ? AND indicator IN ?", orgID, period, codes).Scan(&gs).Error
	return gs, err
}

// replace rewrites an org's contributions to the given indicators and refreshes the totals of
// every group it left or joined.
func (s *Store) replace(orgID int64, o orgInfo, period, status string, codes []string, cs map[string]contribution, now time.Time) error {
	old, err := s.groupsOf(orgID, period, codes)
	if err != nil {
		return err
	}
	if err := s.db.Where("org_id = ? AND period = ? AND indicator IN ?", orgID, period, codes).Delete(&factRow{}).Error; err != nil {
		return err
	}
	rows := make([]factRow, 0, len(cs))
	for code, c := range cs {
		r, err := newFactRow(code, orgID, o, period, status, c, now)
		if err != nil {
			return err
		}
		rows = append(rows, r)
		old = append(old, group{Indicator: code, Period: period, Status: status, OrgType: o.Type, TownID: r.TownID})
	}
	if len(rows) > 0 {
		if err := s.db.Create(&rows).Error; err != nil {
			return err
		}
	}
	return s.refresh(old)
}

// setStatus moves an org's contributions to a new status.
func (s *Store) setStatus(orgID int64, period, status string, codes []string, now time.Time) error {
	gs, err := s.groupsOf(orgID, period, codes)
	if err != nil || len(gs) == 0 {
		return err
	}
	if err := s.db.Model(&factRow{}).Where("org_id = ? AND period = ? AND indicator IN ?", orgID, period, codes).
		Updates(map[string]any{"status": status, "at": now}).Error; err != nil {
		return err
	}
	for _, g := range gs[:len(gs):len(gs)] {
		g.Status = status
		gs = append(gs, g)
	}
	return s.refresh(gs)
}

// refresh recomputes each group's totals from its contributions; a group is a few hundred
// rows at most, so this stays cheap and the totals can never drift.
func (s *Store) refresh(gs []group) error {
	seen := map[group]bool{}
	for _, g := range gs {
		if seen[g] {
			continue
		}
		seen[g] = true
		where := "indicator = ? AND period = ? AND status = ? AND org_type = ? AND town_id = ?"
		args := []any{g.Indicator, g.Period, g.Status, g.OrgType, g.TownID}
		if err := s.db.Exec("DELETE FROM indicator_totals WHERE "+where, args...).Error; err != nil {
			return err
		}
		if err := s.db.Exec(`INSERT INTO indicator_totals (indicator, period, status, org_type, town_id, num_hi, num_lo, den_hi, den_lo, num_n, den_n, orgs, pass, fail, at)
SELECT indicator, period, status, org_type, town_id, SUM(num_hi), SUM(num_lo), SUM(den_hi), SUM(den_lo), SUM(num_n), SUM(den_n), COUNT(*), SUM(pass), SUM(fail), MAX(at)
FROM indicator_facts WHERE `+where+` GROUP BY indicator, period, status, org_type, town_id`, args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// rebuildTotals recomputes every total from the contributions.
func (s *Store) rebuildTotals() error {
	if err := s.db.Exec("DELETE FROM indicator_totals").Error; err != nil {
		return err
	}
	return s.db.Exec(`INSERT INTO indicator_totals (indicator, period, status, org_type, town_id, num_hi, num_lo, den_hi, den_lo, num_n, den_n, orgs, pass, fail, at)
SELECT indicator, period, status, org_type, town_id, SUM(num_hi), SUM(num_lo), SUM(den_hi), SUM(den_lo), SUM(num_n), SUM(den_n), COUNT(*), SUM(pass), SUM(fail), MAX(at)
FROM indicator_facts GROUP BY indicator, period, status, org_type, town_id`).Error
}

// Total is one indicator's (or one group's) sums; amounts are wide (see wide.go).
type Total struct {
	Indicator string
	Key       string
	NumHi     int64
	NumLo     int64
	DenHi     int64
	DenLo     int64
	NumN      int64
	DenN      int64
	Orgs      int64
	Pass      int64
	Fail      int64
}

// isRoot reports whether sc is a single tree root ("/1/"), which the group totals cover whole.
func isRoot(sc scope.Scope) bool {
	ps := sc.Paths()
	return len(ps) == 1 && strings.Count(ps[0], "/") == 2
}

// grouped restricts a per-group totals table (indicator_totals, task_totals) to sc when the
// totals cover it exactly: the whole district, or one town (a town-level leader's scope). ok
// is false for any other scope, which must sum per-org rows by path instead.
func (s *Store) grouped(ctx context.Context, table string, sc scope.Scope) (q *gorm.DB, ok bool, err error) {
	q = s.db.WithContext(ctx).Table(table)
	if isRoot(sc) {
		return q, true, nil
	}
	ps := sc.Paths()
	if len(ps) != 1 {
		return nil, false, nil
	}
	parts := strings.Split(strings.Trim(ps[0], "/"), "/")
	id, perr := strconv.ParseInt(parts[len(parts)-1], 10, 64)
	if perr != nil {
		return nil, false, nil
	}
	var typ []string
	if err := s.db.WithContext(ctx).Table("orgs").Where("id = ?", id).Pluck("type", &typ).Error; err != nil {
		return nil, false, err
	}
	if len(typ) == 0 || typ[0] != string(vocab.OrgTown) {
		return nil, false, nil
	}
	return q.Where("town_id = ?", id), true, nil
}

// Totals sums contributions per indicator (and group) in sc. A district-wide scope reads the
// group totals; any other scope sums its orgs' contributions by path.
func (s *Store) Totals(ctx context.Context, sc scope.Scope, period string, statuses, codes []string, groupBy string) ([]Total, error) {
	gexpr := groupExprs[groupBy]
	cols := "indicator, " + gexpr + " AS `key`, SUM(num_hi) AS num_hi, SUM(num_lo) AS num_lo, SUM(den_hi) AS den_hi, SUM(den_lo) AS den_lo, SUM(num_n) AS num_n, SUM(den_n) AS den_n, "
	q, ok, err := s.grouped(ctx, "indicator_totals", sc)
	if err != nil {
		return nil, err
	}
	if ok && groupBy != GroupOrg {
		q = q.Select(cols + "SUM(orgs) AS orgs, SUM(pass) AS pass, SUM(fail) AS fail")
	} else {
		q = database.InScope(s.db.WithContext(ctx).Table("indicator_facts"), "org_path", sc).
			Select(cols + "COUNT(*) AS orgs, SUM(pass) AS pass, SUM(fail) AS fail")
	}
	q = q.Where("period = ? AND status IN ?", period, statuses)
	if len(codes) > 0 {
		q = q.Where("indicator IN ?", codes)
	}
	var out []Total
	q = q.Group("indicator")
	if groupBy != GroupNone {
		q = q.Group(gexpr)
	}
	err = q.Scan(&out).Error
	return out, err
}

// Expected is the number of orgs with a task for a form, per org type and town.
type Expected struct {
	Form    string
	OrgType string
	TownID  int64
	N       int64
}

// ExpectedCounts counts, in one query, the orgs in sc that have a task for each form in a period;
// district-wide it reads the task totals the campaign store keeps.
func (s *Store) ExpectedCounts(ctx context.Context, sc scope.Scope, period string) ([]Expected, error) {
	if tq, ok, err := s.grouped(ctx, "task_totals", sc); err != nil {
		return nil, err
	} else if ok {
		var out []Expected
		err := tq.Where("period = ?", period).Select("form_code AS form, org_type, town_id, orgs AS n").Scan(&out).Error
		return out, err
	}
	q := s.db.WithContext(ctx).Table("tasks").Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Joins("JOIN orgs ON orgs.id = tasks.org_id").Where("campaigns.period = ?", period)
	var out []Expected
	err := database.InScope(q, "orgs.path", sc).
		Select("campaigns.form_code AS form, orgs.type AS org_type, COALESCE(orgs.town_id, 0) AS town_id, COUNT(DISTINCT tasks.org_id) AS n").
		Group("campaigns.form_code, orgs.type, COALESCE(orgs.town_id, 0)").Scan(&out).Error
	return out, err
}

// Failing is an org that misses a per-org check.
type Failing struct {
	OrgID   int64
	OrgCode string
	OrgName string
	OrgType string
	TownID  *int64
	ValueE8 *int64
}

// FailingOrgs lists the orgs in sc that miss an indicator's per-org check, worst first.
func (s *Store) FailingOrgs(ctx context.Context, sc scope.Scope, code, period string, statuses []string, limit int) ([]Failing, error) {
	var out []Failing
	q := s.db.WithContext(ctx).Table("indicator_facts").Joins("JOIN orgs ON orgs.id = indicator_facts.org_id").
		Where("indicator_facts.indicator = ? AND indicator_facts.period = ? AND indicator_facts.status IN ? AND indicator_facts.fail = 1",
			code, period, statuses)
	err := database.InScope(q, "indicator_facts.org_path", sc).
		Select("indicator_facts.org_id, orgs.code AS org_code, orgs.name AS org_name, orgs.type AS org_type, orgs.town_id, indicator_facts.value_e8").
		Order("indicator_facts.value_e8").Order("orgs.code").Limit(limit).Scan(&out).Error
	return out, err
}

// MissingOrgs lists the orgs in sc expected to report form in period (of orgTypes, when given)
// that have no contribution to the indicator on this basis: who still owes the figure.
func (s *Store) MissingOrgs(ctx context.Context, sc scope.Scope, form string, orgTypes []string, code, period string, statuses []string, limit int) ([]Failing, error) {
	reported := s.db.Table("indicator_facts").Select("1").
		Where("indicator_facts.org_id = tasks.org_id AND indicator_facts.indicator = ? AND indicator_facts.period = ? AND indicator_facts.status IN ?",
			code, period, statuses)
	q := s.db.WithContext(ctx).Table("tasks").Joins("JOIN campaigns ON campaigns.id = tasks.campaign_id").
		Joins("JOIN orgs ON orgs.id = tasks.org_id").
		Where("campaigns.form_code = ? AND campaigns.period = ? AND NOT EXISTS (?)", form, period, reported)
	if len(orgTypes) > 0 {
		q = q.Where("orgs.type IN ?", orgTypes)
	}
	var out []Failing
	err := database.InScope(q, "orgs.path", sc).
		Distinct("tasks.org_id AS org_id, orgs.code AS org_code, orgs.name AS org_name, orgs.type AS org_type, orgs.town_id").
		Order("orgs.code").Limit(limit).Scan(&out).Error
	return out, err
}

// AsOf is the time of the newest contribution in the period and scope, nil when there is none.
func (s *Store) AsOf(ctx context.Context, sc scope.Scope, period string, statuses []string) (*time.Time, error) {
	q, ok, err := s.grouped(ctx, "indicator_totals", sc)
	if err != nil {
		return nil, err
	}
	if !ok {
		q = database.InScope(s.db.WithContext(ctx).Table("indicator_facts"), "org_path", sc)
	}
	var v any
	if err := q.Where("period = ? AND status IN ?", period, statuses).Select("MAX(at)").Row().Scan(&v); err != nil {
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

// Periods lists the periods with contributions to an indicator in scope, oldest first.
func (s *Store) Periods(ctx context.Context, sc scope.Scope, code string, statuses []string) ([]string, error) {
	var ps []string
	q := s.db.WithContext(ctx).Table("indicator_facts").Where("indicator = ? AND status IN ?", code, statuses)
	err := database.InScope(q, "org_path", sc).Distinct("period").Order("period").Pluck("period", &ps).Error
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

// storedFact is a fact as the rebuild reads it.
type storedFact struct {
	OrgID    int64
	FormCode string
	Period   string
	Field    string
	Text     string
	NumE4    sql.NullInt64
	Status   string
	At       time.Time
}

// eachOrgFacts streams the facts of forms, grouped by org, form and period, to fn.
func (s *Store) eachOrgFacts(ctx context.Context, forms []string, fn func(orgID int64, form, period, status string, at time.Time, facts []storedFact) error) error {
	rows, err := s.db.WithContext(ctx).Table("facts").Select("org_id, form_code, period, field, text, num_e4, status, at").
		Where("form_code IN ?", forms).Order("org_id, form_code, period").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var batch []storedFact
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		b := batch[0]
		err := fn(b.OrgID, b.FormCode, b.Period, b.Status, b.At, batch)
		batch = batch[:0]
		return err
	}
	for rows.Next() {
		var f storedFact
		if err := rows.Scan(&f.OrgID, &f.FormCode, &f.Period, &f.Field, &f.Text, &f.NumE4, &f.Status, &f.At); err != nil {
			return err
		}
		if len(batch) > 0 && (batch[0].OrgID != f.OrgID || batch[0].FormCode != f.FormCode || batch[0].Period != f.Period) {
			if err := flush(); err != nil {
				return err
			}
		}
		batch = append(batch, f)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// orgInfos returns every org's type, town and path, for a rebuild.
func (s *Store) orgInfos() (map[int64]orgInfo, error) {
	var rows []struct {
		ID     int64
		Type   string
		TownID *int64
		Path   string
	}
	if err := s.db.Table("orgs").Select("id, type, town_id, path").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]orgInfo, len(rows))
	for _, r := range rows {
		out[r.ID] = orgInfo{Type: r.Type, TownID: r.TownID, Path: r.Path}
	}
	return out, nil
}

const definitionKey = "rollup.definitions"

// definitions returns the stored fingerprint of the indicator definitions the contributions
// were computed with.
func (s *Store) definitions(ctx context.Context) (string, error) {
	var v []string
	err := s.db.WithContext(ctx).Table("settings").Where("`key` = ?", definitionKey).Pluck("value", &v).Error
	if err != nil || len(v) == 0 {
		return "", err
	}
	return v[0], nil
}

// settingRow is one row of the settings table, for the fingerprint's upsert.
type settingRow struct {
	Key       string `gorm:"primaryKey"`
	Value     string
	UpdatedAt time.Time
}

func (settingRow) TableName() string { return "settings" }

// setDefinitions records the fingerprint with one upsert, so replicas starting together (each
// having rebuilt) cannot trip over one another's row.
func (s *Store) setDefinitions(ctx context.Context, fp string) error {
	return s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"})}).
		Create(&settingRow{Key: definitionKey, Value: fp, UpdatedAt: time.Now().UTC()}).Error
}

// realign copies every org's current type, town and path onto its contributions and rebuilds
// the totals, after orgs moved or changed type.
func (s *Store) realign(ctx context.Context) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE indicator_facts SET
	org_type = (SELECT orgs.type FROM orgs WHERE orgs.id = indicator_facts.org_id),
	town_id = (SELECT COALESCE(orgs.town_id, 0) FROM orgs WHERE orgs.id = indicator_facts.org_id),
	org_path = (SELECT orgs.path FROM orgs WHERE orgs.id = indicator_facts.org_id)`).Error; err != nil {
			return err
		}
		return (&Store{db: tx}).rebuildTotals()
	})
}
