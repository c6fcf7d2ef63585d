package rollup

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/tianbao-edu/tianbao/backend/submission"
)

// ReplaceMany is Replace for many orgs' new facts at once (synthetic seeding, through
// submission.SeedApproved): the contributions are written in batches, and each totals group they
// touch is written once. A group none of the orgs contributed to before gets the new
// contributions added to its stored sums, so a batch costs the same whether the group holds ten
// orgs or ten thousand; a group an org leaves is recomputed from its contributions, as Replace
// does. The figures are the same as Replace's, one change after the other.
func (w *Writer) ReplaceMany(tx *gorm.DB, changes []submission.FactChange, now time.Time) error {
	st := w.s.store.WithTx(tx)
	type key struct {
		orgID        int64
		form, period string
	}
	last := map[key]int{} // the last change per org, form and period wins, as with Replace in order
	var ids []int64
	seenOrg := map[int64]bool{}
	for i, c := range changes {
		if len(w.s.byForm[c.FormCode]) == 0 {
			continue
		}
		last[key{c.OrgID, c.FormCode, c.Period}] = i
		if !seenOrg[c.OrgID] {
			seenOrg[c.OrgID] = true
			ids = append(ids, c.OrgID)
		}
	}
	if len(last) == 0 {
		return nil
	}
	places, err := st.src.Orgs.PlacesOf(ids)
	if err != nil {
		return err
	}
	type formPeriod struct{ form, period string }
	orgsOf := map[formPeriod][]int64{}
	var order []formPeriod
	for i, c := range changes {
		if j, ok := last[key{c.OrgID, c.FormCode, c.Period}]; !ok || j != i {
			continue
		}
		fp := formPeriod{c.FormCode, c.Period}
		if _, ok := orgsOf[fp]; !ok {
			order = append(order, fp)
		}
		orgsOf[fp] = append(orgsOf[fp], c.OrgID)
	}
	// The groups the orgs' earlier contributions sat in, and those contributions, go first. The
	// lookup goes by (indicator, period, org): SQLite's planner, given many org ids, would
	// otherwise scan the whole period of each indicator through the group index, a cost that
	// grows with the district (MySQL picks the unique index by itself).
	facts := "indicator_facts"
	if tx.Dialector.Name() == "sqlite" {
		facts = "indicator_facts INDEXED BY ux_indicator_fact"
	}
	var old []group
	for _, fp := range order {
		codes := w.codes(fp.form)
		os := orgsOf[fp]
		for start := 0; start < len(os); start += 500 {
			part := os[start:min(start+500, len(os))]
			var gs []group
			if err := tx.Table(facts).Distinct("indicator, period, status, org_type, town_id").
				Where("org_id IN ? AND period = ? AND indicator IN ?", part, fp.period, codes).Scan(&gs).Error; err != nil {
				return err
			}
			if len(gs) == 0 {
				continue
			}
			old = append(old, gs...)
			if err := tx.Where("org_id IN ? AND period = ? AND indicator IN ?", part, fp.period, codes).Delete(&factRow{}).Error; err != nil {
				return err
			}
		}
	}
	var rows []factRow
	for i, c := range changes {
		if j, ok := last[key{c.OrgID, c.FormCode, c.Period}]; !ok || j != i {
			continue
		}
		o := places[c.OrgID]
		for _, in := range w.s.byForm[c.FormCode] {
			if len(in.OrgTypes) > 0 && !contains(in.OrgTypes, string(o.Type)) {
				continue
			}
			r, err := newFactRow(in.Code, c.OrgID, o, c.Period, c.Status, contribute(in, c.Facts), now)
			if err != nil {
				return err
			}
			rows = append(rows, r)
		}
	}
	if len(rows) > 0 {
		// Small batches: the SQLite driver binds each parameter by a scan of all of them.
		if err := tx.CreateInBatches(rows, 32).Error; err != nil {
			return err
		}
	}
	return st.addTotals(rows, old)
}

// totalRow is one stored indicator_totals row; its key is the group.
type totalRow struct {
	Indicator string `gorm:"primaryKey"`
	Period    string `gorm:"primaryKey"`
	Status    string `gorm:"primaryKey"`
	OrgType   string `gorm:"primaryKey"`
	TownID    int64  `gorm:"primaryKey;autoIncrement:false"`
	NumHi     int64
	NumLo     int64
	DenHi     int64
	DenLo     int64
	NumN      int64
	DenN      int64
	Orgs      int64
	Pass      int64
	Fail      int64
	At        time.Time
}

func (totalRow) TableName() string { return "indicator_totals" }

func (t totalRow) group() group {
	return group{Indicator: t.Indicator, Period: t.Period, Status: t.Status, OrgType: t.OrgType, TownID: t.TownID}
}

// addTotals brings the totals in line after rows were added and the contributions in the groups
// old were removed: a group in old is recomputed (refresh); any other group rows joined gets their
// sums added to its stored row, read and written once per batch (the SUM and COUNT a refresh would
// take, and the MAX of at).
func (s *Store) addTotals(rows []factRow, old []group) error {
	recount := map[group]bool{}
	for _, g := range old {
		recount[g] = true
	}
	add := map[group]*totalRow{}
	var order []group
	indicators, periods, statuses := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		g := group{Indicator: r.Indicator, Period: r.Period, Status: r.Status, OrgType: r.OrgType, TownID: r.TownID}
		if recount[g] {
			continue
		}
		t := add[g]
		if t == nil {
			t = &totalRow{Indicator: g.Indicator, Period: g.Period, Status: g.Status, OrgType: g.OrgType, TownID: g.TownID, At: r.At}
			add[g] = t
			order = append(order, g)
			indicators[g.Indicator], periods[g.Period], statuses[g.Status] = true, true, true
		}
		t.NumHi, t.NumLo, t.DenHi, t.DenLo = t.NumHi+r.NumHi, t.NumLo+r.NumLo, t.DenHi+r.DenHi, t.DenLo+r.DenLo
		t.NumN, t.DenN, t.Orgs = t.NumN+int64(r.NumN), t.DenN+int64(r.DenN), t.Orgs+1
		t.Pass, t.Fail = t.Pass+int64(r.Pass), t.Fail+int64(r.Fail)
		if r.At.After(t.At) {
			t.At = r.At
		}
	}
	if len(add) > 0 {
		// The stored rows of every group that could be touched: bounded by indicators × org types
		// × towns, whatever the number of orgs.
		var have []totalRow
		if err := s.db.Where("indicator IN ? AND period IN ? AND status IN ?", keys(indicators), keys(periods), keys(statuses)).
			Find(&have).Error; err != nil {
			return err
		}
		for _, h := range have {
			t := add[h.group()]
			if t == nil {
				continue
			}
			t.NumHi, t.NumLo, t.DenHi, t.DenLo = t.NumHi+h.NumHi, t.NumLo+h.NumLo, t.DenHi+h.DenHi, t.DenLo+h.DenLo
			t.NumN, t.DenN, t.Orgs = t.NumN+h.NumN, t.DenN+h.DenN, t.Orgs+h.Orgs
			t.Pass, t.Fail = t.Pass+h.Pass, t.Fail+h.Fail
			if h.At.After(t.At) {
				t.At = h.At
			}
		}
		out := make([]totalRow, 0, len(order))
		for _, g := range order {
			out = append(out, *add[g])
		}
		if err := s.db.Clauses(clause.OnConflict{UpdateAll: true}).CreateInBatches(out, 32).Error; err != nil {
			return err
		}
	}
	gs := make([]group, 0, len(recount))
	for g := range recount {
		gs = append(gs, g)
	}
	for _, r := range rows {
		g := group{Indicator: r.Indicator, Period: r.Period, Status: r.Status, OrgType: r.OrgType, TownID: r.TownID}
		if recount[g] {
			gs = append(gs, g) // refresh skips repeats
		}
	}
	return s.refresh(gs)
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
