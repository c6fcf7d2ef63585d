package rollup

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/tianbao-edu/tianbao/backend/campaign"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
	"github.com/tianbao-edu/tianbao/backend/submission"
)

// Store is the only code that touches indicator_facts and indicator_totals. Writes happen
// inside the submission's transaction (WithTx); reads are GROUP BY queries, and a district-wide
// read only touches the per-group totals. What it needs of other domains' tables it reads through
// their named reads (Sources), never by naming those tables.
type Store struct {
	db  *gorm.DB
	src Sources
}

// Sources are the other domains' reads the rollup makes; the composition root wires them.
type Sources struct {
	Orgs  *org.Store         // where each org sits (bound to the writer's transaction), org names
	Tasks *campaign.Store    // the orgs expected to report, and those that have not
	Facts *submission.Reader // the facts a rebuild recomputes the contributions from
}

// NewStore returns a Store over db that reads other domains through src, which the composition
// root wires.
func NewStore(db *gorm.DB, src Sources) *Store { return &Store{db: db, src: src} }

// WithTx returns a Store bound to a caller's transaction; the org reads join it.
func (s *Store) WithTx(tx *gorm.DB) *Store {
	src := s.src
	src.Orgs = src.Orgs.WithTx(tx)
	return &Store{db: tx, src: src}
}

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
func newFactRow(code string, orgID int64, o org.Place, period, status string, c contribution, at time.Time) (factRow, error) {
	var town int64
	if o.TownID != nil {
		town = *o.TownID
	}
	r := factRow{Indicator: code, OrgID: orgID, Period: period, Status: status, OrgType: string(o.Type), TownID: town,
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

func (s *Store) groupsOf(orgID int64, period string, codes []string) ([]group, error) {
	var gs []group
	err := s.db.Table("indicator_facts").Distinct("indicator, period, status, org_type, town_id").
		Where("org_id = ? AND period = ? AND indicator IN ?", orgID, period, codes).Scan(&gs).Error
	return gs, err
}

// ownFact is one of an org's contribution rows, as a rewrite needs it.
type ownFact struct {
	ID        int64
	Indicator string
	Status    string
	OrgType   string
	TownID    int64
}

func (f ownFact) group(period string) group {
	return group{Indicator: f.Indicator, Period: period, Status: f.Status, OrgType: f.OrgType, TownID: f.TownID}
}

// ownFacts reads the org's contributions to codes for period. Unlocked, it tells a writer which
// groups to lock; locked (on MySQL through the unique key, so record locks on exactly these rows,
// never a scan over other orgs'), it is taken once the groups are held: groups first, then one's
// own rows, is the one lock order every writer follows.
func (s *Store) ownFacts(orgID int64, period string, codes []string, lock bool) ([]ownFact, error) {
	q := s.db.Table("indicator_facts")
	if lock {
		if s.db.Dialector.Name() == "mysql" {
			q = s.db.Table("indicator_facts FORCE INDEX (ux_indicator_fact)")
		}
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var out []ownFact
	err := q.Select("id, indicator, status, org_type, town_id").
		Where("org_id = ? AND period = ? AND indicator IN ?", orgID, period, codes).Order("id").Scan(&out).Error
	return out, err
}

// lockOwn locks the org's contributions after the groups, and returns ErrRetry when they are no
// longer what the unlocked read that chose the groups saw (a rebuild committed in between).
func (s *Store) lockOwn(orgID int64, period string, codes []string, seen []ownFact) error {
	now, err := s.ownFacts(orgID, period, codes, true)
	if err != nil {
		return err
	}
	if !slices.Equal(now, seen) {
		return database.ErrRetry
	}
	return nil
}

// replace rewrites an org's contributions to the given indicators and refreshes the totals of
// every group it left or joined. The groups are locked before any contribution changes, and the
// rows are rewritten in place (updated by id, inserted, deleted by id), never by a range delete
// and re-insert, so concurrent writers take no gap locks and meet in one order.
func (s *Store) replace(orgID int64, o org.Place, period, status string, codes []string, cs map[string]contribution, now time.Time) error {
	have, err := s.ownFacts(orgID, period, codes, false)
	if err != nil {
		return err
	}
	gs := make([]group, 0, len(have)+len(cs))
	for _, f := range have {
		gs = append(gs, f.group(period))
	}
	rows := make(map[string]factRow, len(cs))
	for code, c := range cs {
		r, err := newFactRow(code, orgID, o, period, status, c, now)
		if err != nil {
			return err
		}
		rows[code] = r
		gs = append(gs, group{Indicator: code, Period: period, Status: status, OrgType: r.OrgType, TownID: r.TownID})
	}
	gs = inLockOrder(gs)
	if err := s.lockGroups(gs, now); err != nil {
		return err
	}
	if err := s.lockOwn(orgID, period, codes, have); err != nil {
		return err
	}
	var drop []int64
	for _, f := range have {
		r, keep := rows[f.Indicator]
		if !keep {
			drop = append(drop, f.ID)
			continue
		}
		delete(rows, f.Indicator)
		if err := s.db.Model(&factRow{}).Where("id = ?", f.ID).Updates(map[string]any{"status": r.Status,
			"org_type": r.OrgType, "town_id": r.TownID, "org_path": r.OrgPath, "num_hi": r.NumHi, "num_lo": r.NumLo,
			"den_hi": r.DenHi, "den_lo": r.DenLo, "num_n": r.NumN, "den_n": r.DenN, "pass": r.Pass, "fail": r.Fail,
			"value_e8": r.ValueE8, "at": r.At}).Error; err != nil {
			return err
		}
	}
	if len(drop) > 0 {
		if err := s.db.Where("id IN ?", drop).Delete(&factRow{}).Error; err != nil {
			return err
		}
	}
	if len(rows) > 0 {
		add := make([]factRow, 0, len(rows))
		for _, code := range codes { // in a fixed order
			if r, ok := rows[code]; ok {
				add = append(add, r)
			}
		}
		if err := s.db.Create(&add).Error; err != nil {
			return err
		}
	}
	return s.recount(gs)
}

// forget deletes an org's contributions to codes for a period and recounts their groups.
func (s *Store) forget(orgID int64, period string, codes []string) error {
	gs, err := s.groupsOf(orgID, period, codes)
	if err != nil || len(gs) == 0 {
		return err
	}
	if err := s.db.Where("org_id = ? AND period = ? AND indicator IN ?", orgID, period, codes).Delete(&factRow{}).Error; err != nil {
		return err
	}
	return s.refresh(gs)
}

// setStatus moves an org's contributions to a new status.
func (s *Store) setStatus(orgID int64, period, status string, codes []string, now time.Time) error {
	have, err := s.ownFacts(orgID, period, codes, false)
	if err != nil || len(have) == 0 {
		return err
	}
	gs := make([]group, 0, 2*len(have))
	ids := make([]int64, len(have))
	for i, f := range have {
		ids[i] = f.ID
		gs = append(gs, f.group(period))
		f.Status = status
		gs = append(gs, f.group(period))
	}
	gs = inLockOrder(gs)
	if err := s.lockGroups(gs, now); err != nil {
		return err
	}
	if err := s.lockOwn(orgID, period, codes, have); err != nil {
		return err
	}
	if err := s.db.Model(&factRow{}).Where("id IN ?", ids).
		Updates(map[string]any{"status": status, "at": now}).Error; err != nil {
		return err
	}
	return s.recount(gs)
}

// refresh recomputes each group's totals from its contributions, for a caller that has already
// changed them (lockGroups first, then the facts, is the deadlock-free order; see replace).
func (s *Store) refresh(gs []group) error {
	gs = inLockOrder(gs)
	if err := s.lockGroups(gs, time.Now().UTC()); err != nil {
		return err
	}
	return s.recount(gs)
}

// inLockOrder sorts gs in primary-key order and drops repeats: every writer locks groups in this
// one order, so two writers sharing groups queue instead of deadlocking.
func inLockOrder(gs []group) []group {
	slices.SortFunc(gs, func(a, b group) int {
		for _, c := range []int{strings.Compare(a.Indicator, b.Indicator), strings.Compare(a.Period, b.Period),
			strings.Compare(a.Status, b.Status), strings.Compare(a.OrgType, b.OrgType)} {
			if c != 0 {
				return c
			}
		}
		switch {
		case a.TownID < b.TownID:
			return -1
		case a.TownID > b.TownID:
			return 1
		}
		return 0
	})
	return slices.Compact(gs)
}

// groupWhere matches the rows of gs (indicator_facts or indicator_totals, which share the columns).
func groupWhere(gs []group) (string, []any) {
	conds := make([]string, len(gs))
	args := make([]any, 0, 5*len(gs))
	for i, g := range gs {
		conds[i] = "(indicator = ? AND period = ? AND status = ? AND org_type = ? AND town_id = ?)"
		args = append(args, g.Indicator, g.Period, g.Status, g.OrgType, g.TownID)
	}
	return strings.Join(conds, " OR "), args
}

// lockGroups claims each group's totals row in gs (sorted): it creates a row where the group has
// none yet and marks every one as not yet recounted (orgs = 0, which no counted group has), for
// recount to fill or delete before commit. On MySQL that is also the row lock, held to the end of
// the transaction, that makes the writers of one group take turns, so at READ COMMITTED each
// recount reads every earlier writer's committed contributions. (SQLite has one writer at a time.)
func (s *Store) lockGroups(gs []group, now time.Time) error {
	if len(gs) == 0 {
		return nil
	}
	vals := make([]string, len(gs))
	args := make([]any, 0, 6*len(gs))
	for i, g := range gs {
		vals[i] = "(?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?)"
		args = append(args, g.Indicator, g.Period, g.Status, g.OrgType, g.TownID, now)
	}
	claim := " ON CONFLICT (indicator, period, status, org_type, town_id) DO UPDATE SET orgs = 0"
	if s.db.Dialector.Name() == "mysql" {
		claim = " ON DUPLICATE KEY UPDATE orgs = 0"
	}
	return s.db.Exec(totalsInsert+"VALUES "+strings.Join(vals, ", ")+claim, args...).Error
}

// totalsSelect sums contributions into indicator_totals rows; full rebuild and recount share it,
// so a maintained total is the rebuilt one by construction.
const totalsSelect = `SELECT indicator, period, status, org_type, town_id, SUM(num_hi), SUM(num_lo), SUM(den_hi), SUM(den_lo), SUM(num_n), SUM(den_n), COUNT(*), SUM(pass), SUM(fail), MAX(at)
FROM indicator_facts WHERE %s GROUP BY indicator, period, status, org_type, town_id`

const totalsInsert = `INSERT INTO indicator_totals (indicator, period, status, org_type, town_id, num_hi, num_lo, den_hi, den_lo, num_n, den_n, orgs, pass, fail, at)
`

// recount rewrites the totals of the (sorted) groups gs, which lockGroups claimed, from their
// contributions: one upsert by primary key sums each group that has contributions (reading them as
// they are now: at READ COMMITTED, or as a locking read), and the groups left unrecounted, which
// have none, are deleted by primary key. Neither reads the contributions with locks at READ
// COMMITTED, so a recount never waits on another writer's contributions.
func (s *Store) recount(gs []group) error {
	if len(gs) == 0 {
		return nil
	}
	where, args := groupWhere(gs)
	upsert := " ON CONFLICT (indicator, period, status, org_type, town_id) DO UPDATE SET num_hi = excluded.num_hi, num_lo = excluded.num_lo, " +
		"den_hi = excluded.den_hi, den_lo = excluded.den_lo, num_n = excluded.num_n, den_n = excluded.den_n, orgs = excluded.orgs, " +
		"pass = excluded.pass, fail = excluded.fail, at = excluded.at"
	if s.db.Dialector.Name() == "mysql" {
		upsert = " ON DUPLICATE KEY UPDATE num_hi = VALUES(num_hi), num_lo = VALUES(num_lo), den_hi = VALUES(den_hi), den_lo = VALUES(den_lo), " +
			"num_n = VALUES(num_n), den_n = VALUES(den_n), orgs = VALUES(orgs), pass = VALUES(pass), fail = VALUES(fail), at = VALUES(at)"
	}
	if err := s.db.Exec(totalsInsert+fmt.Sprintf(totalsSelect, where)+upsert, args...).Error; err != nil {
		return err
	}
	return s.db.Exec("DELETE FROM indicator_totals WHERE ("+where+") AND orgs = 0", args...).Error
}

// rebuildTotals recomputes every total from the contributions.
func (s *Store) rebuildTotals() error {
	if err := s.db.Exec("DELETE FROM indicator_totals").Error; err != nil {
		return err
	}
	return s.db.Exec(totalsInsert + fmt.Sprintf(totalsSelect, "1 = 1")).Error
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

// totalsCover reports whether per-group totals (indicator_totals, the campaigns' task totals)
// cover sc exactly: the whole district (town 0), or one town (a town-level leader's scope). ok
// is false for any other scope, which must sum per-org rows by path instead.
func (s *Store) totalsCover(ctx context.Context, sc scope.Scope) (town int64, ok bool, err error) {
	if isRoot(sc) {
		return 0, true, nil
	}
	ps := sc.Paths()
	if len(ps) != 1 {
		return 0, false, nil
	}
	parts := strings.Split(strings.Trim(ps[0], "/"), "/")
	id, perr := strconv.ParseInt(parts[len(parts)-1], 10, 64)
	if perr != nil {
		return 0, false, nil
	}
	typ, found, err := s.src.Orgs.TypeOf(ctx, id)
	if err != nil || !found || typ != org.TypeTown {
		return 0, false, err
	}
	return id, true, nil
}

// grouped is indicator_totals restricted to sc when the totals cover it exactly (totalsCover).
func (s *Store) grouped(ctx context.Context, sc scope.Scope) (q *gorm.DB, ok bool, err error) {
	town, ok, err := s.totalsCover(ctx, sc)
	if err != nil || !ok {
		return nil, false, err
	}
	q = s.db.WithContext(ctx).Table("indicator_totals")
	if town != 0 {
		q = q.Where("town_id = ?", town)
	}
	return q, true, nil
}

// Totals sums contributions per indicator (and group) in sc. A district-wide scope reads the
// group totals; any other scope sums its orgs' contributions by path.
func (s *Store) Totals(ctx context.Context, sc scope.Scope, period string, statuses, codes []string, groupBy string) ([]Total, error) {
	gexpr := groupExprs[groupBy]
	cols := "indicator, " + gexpr + " AS `key`, SUM(num_hi) AS num_hi, SUM(num_lo) AS num_lo, SUM(den_hi) AS den_hi, SUM(den_lo) AS den_lo, SUM(num_n) AS num_n, SUM(den_n) AS den_n, "
	q, ok, err := s.grouped(ctx, sc)
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
type Expected = campaign.Expected

// ExpectedCounts counts, in one query, the orgs in sc that have a task for each form in a period;
// where the totals cover sc (district-wide, one town) it reads the task totals the campaign store keeps.
func (s *Store) ExpectedCounts(ctx context.Context, sc scope.Scope, period string) ([]Expected, error) {
	town, ok, err := s.totalsCover(ctx, sc)
	if err != nil {
		return nil, err
	}
	if ok {
		return s.src.Tasks.ExpectedTotals(ctx, period, town)
	}
	return s.src.Tasks.ExpectedIn(ctx, sc, period)
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

// AsOf is the time of the newest contribution in the period and scope, nil when there is none.
func (s *Store) AsOf(ctx context.Context, sc scope.Scope, period string, statuses []string) (*time.Time, error) {
	q, ok, err := s.grouped(ctx, sc)
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
	return s.src.Orgs.Names(ctx, ids)
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
	return database.Tx(ctx, s.db, func(tx *gorm.DB) error {
		typ, town, path := org.PlaceSQL("indicator_facts.org_id")
		if err := tx.Exec("UPDATE indicator_facts SET\n\torg_type = " + typ + ",\n\ttown_id = " + town + ",\n\torg_path = " + path).Error; err != nil {
			return err
		}
		return s.WithTx(tx).rebuildTotals()
	})
}
