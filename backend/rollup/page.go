package rollup

import (
	"context"
	"sort"

	"gorm.io/gorm"

	"github.com/tianbao-edu/tianbao/backend/errs"
	"github.com/tianbao-edu/tianbao/backend/org"
	"github.com/tianbao-edu/tianbao/backend/platform/database"
	"github.com/tianbao-edu/tianbao/backend/scope"
)

// A detail's three lists (the breakdown's groups, the failing orgs, the missing orgs) grow with
// the district, so each is answered a page at a time with its total.

// Page sizes of a detail's lists: the default, and the hard maximum a request is capped at.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// Orders of a breakdown's groups.
const (
	SortName      = "name"   // by label (the default)
	SortValue     = "value"  // smallest value first, groups without a value last
	SortValueDesc = "-value" // largest value first, groups without a value last
	// SortFailing: most failing orgs first, then not met, insufficient data, not judged, met;
	// then by label.
	SortFailing = "failing"
)

// The lists a Paging can page through.
const (
	ListGroups  = "groups"
	ListFailing = "failing"
	ListMissing = "missing"
)

// Paging chooses the page of a detail's lists: Page (from 1) of the list named by List (groups
// when empty); the other two lists are their first page. Size applies to all three.
type Paging struct {
	List string
	Page int
	Size int
	Sort string
}

// Normalize applies the defaults and the cap (a page below 1 is 1, a size below 1 the default,
// above MaxPageSize MaxPageSize) and refuses an unknown sort or list.
func (p Paging) Normalize() (Paging, error) {
	v := &errs.ValidationError{}
	switch p.Sort {
	case "":
		p.Sort = SortName
	case SortName, SortValue, SortValueDesc, SortFailing:
	default:
		v.Add("sort", "invalid_sort", "sort must be name, value, -value or failing")
	}
	switch p.List {
	case "":
		p.List = ListGroups
	case ListGroups, ListFailing, ListMissing:
	default:
		v.Add("list", "invalid_list", "list must be groups, failing or missing")
	}
	if err := v.OrNil(); err != nil {
		return p, err
	}
	if p.Page < 1 {
		p.Page = 1
	}
	if p.Size < 1 {
		p.Size = DefaultPageSize
	}
	if p.Size > MaxPageSize {
		p.Size = MaxPageSize
	}
	return p, nil
}

// offset is where list's page starts.
func (p Paging) offset(list string) int {
	if p.List != list {
		return 0
	}
	return (p.Page - 1) * p.Size
}

// statusRank orders verdicts worst first for SortFailing.
func statusRank(s string) int {
	switch s {
	case StatusNotMet:
		return 0
	case StatusInsufficient:
		return 1
	case "":
		return 2
	default:
		return 3
	}
}

// sortGroups orders gs as sortBy says; ties go by label, then key.
func sortGroups(gs []Group, sortBy string) {
	failing := func(g Group) int64 {
		if g.Failing == nil {
			return 0
		}
		return *g.Failing
	}
	byName := func(a, b Group) bool {
		if a.Label != b.Label {
			return a.Label < b.Label
		}
		return a.Key < b.Key
	}
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		switch sortBy {
		case SortValue, SortValueDesc:
			if (a.Value == nil) != (b.Value == nil) {
				return a.Value != nil
			}
			if a.Value != nil && !a.Value.Equal(*b.Value) {
				return a.Value.LessThan(*b.Value) == (sortBy == SortValue)
			}
		case SortFailing:
			if fa, fb := failing(a), failing(b); fa != fb {
				return fa > fb
			}
			if ra, rb := statusRank(a.Status), statusRank(b.Status); ra != rb {
				return ra < rb
			}
		}
		return byName(a, b)
	})
}

// pageOf is the slice of items from offset, at most size long.
func pageOf[T any](items []T, offset, size int) []T {
	if offset >= len(items) {
		return []T{}
	}
	end := min(offset+size, len(items))
	return items[offset:end]
}

// FailingPage is one page of the orgs in sc that miss an indicator's per-org check, worst value
// first (then by org code), and how many there are.
func (s *Store) FailingPage(ctx context.Context, sc scope.Scope, code, period string, statuses []string, offset, limit int) ([]Failing, int64, error) {
	base := func() *gorm.DB {
		q := s.db.WithContext(ctx).Table("indicator_facts").
			Where("indicator_facts.indicator = ? AND indicator_facts.period = ? AND indicator_facts.status IN ? AND indicator_facts.fail = 1",
				code, period, statuses)
		return database.InScope(q, "indicator_facts.org_path", sc)
	}
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, 0, err
	}
	out := []Failing{}
	if int64(offset) >= total {
		return out, total, nil
	}
	err := org.JoinOrg(base(), "indicator_facts.org_id").
		Select("indicator_facts.org_id, " + org.RefColumns + ", indicator_facts.value_e8").
		Order("indicator_facts.value_e8").Order(org.CodeColumn).Offset(offset).Limit(limit).Scan(&out).Error
	return out, total, err
}

// MissingPage is one page of the orgs in sc expected to report form in period that have no
// contribution to the indicator on this basis (who still owes the figure), by org code, and how
// many there are.
func (s *Store) MissingPage(ctx context.Context, sc scope.Scope, form string, orgTypes []string, code, period string, statuses []string, offset, limit int) ([]Failing, int64, error) {
	reported := func(orgID string) *gorm.DB {
		return s.db.Table("indicator_facts").Select("1").
			Where("indicator_facts.org_id = "+orgID+" AND indicator_facts.indicator = ? AND indicator_facts.period = ? AND indicator_facts.status IN ?",
				code, period, statuses)
	}
	refs, total, err := s.src.Tasks.NotReportedPage(ctx, sc, form, period, orgTypes, reported, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Failing, len(refs))
	for i, r := range refs {
		out[i] = Failing{OrgID: r.OrgID, OrgCode: r.OrgCode, OrgName: r.OrgName, OrgType: r.OrgType, TownID: r.TownID}
	}
	return out, total, nil
}
