package api_test

// Tests of GET /campaigns/{id}/completeness: the counts by status, overdue after the deadline,
// the on-time rate, the orgs not yet in by town, and a town's own view.

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

type rlCompleteness struct {
	Campaign struct {
		ID        int64 `json:"id"`
		TaskCount int64 `json:"task_count"`
	} `json:"campaign"`
	Expected   int64   `json:"expected"`
	Submitted  int64   `json:"submitted"`
	Approved   int64   `json:"approved"`
	Returned   int64   `json:"returned"`
	Draft      int64   `json:"draft"`
	NotStarted int64   `json:"not_started"`
	Overdue    int64   `json:"overdue"`
	OnTimeRate *string `json:"on_time_rate"`
	ByTown     []struct {
		Town struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"town"`
		Expected  int64 `json:"expected"`
		Submitted int64 `json:"submitted"`
		Approved  int64 `json:"approved"`
		Missing   []struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
			Name string `json:"name"`
		} `json:"missing"`
	} `json:"by_town"`
}

func (r *rlEnv) completeness(t *testing.T, user string, campaign int64) rlCompleteness {
	t.Helper()
	res := r.as(t, user, http.MethodGet, fmt.Sprintf("/api/v1/campaigns/%d/completeness", campaign), nil)
	wantStatus(t, res, http.StatusOK)
	var c rlCompleteness
	res.Decode(t, &c)
	return c
}

// rlCounts is a completeness's expected counts: expected, submitted (handed in: approved
// included), approved, returned, draft, not started, overdue.
type rlCounts [7]int64

func (c rlCompleteness) counts() rlCounts {
	return rlCounts{c.Expected, c.Submitted, c.Approved, c.Returned, c.Draft, c.NotStarted, c.Overdue}
}

// rlTown is one town's expected line: expected, submitted (approved included), approved, and
// the codes of the orgs not yet in, in order.
type rlTown struct {
	expected, submitted, approved int64
	missing                       []string
}

func (c rlCompleteness) check(t *testing.T, counts rlCounts, onTime string, towns map[string]rlTown) {
	t.Helper()
	if c.counts() != counts {
		t.Errorf("counts (expected, submitted, approved, returned, draft, not_started, overdue): want %v, got %v", counts, c.counts())
	}
	rlDec(t, "on_time_rate", c.OnTimeRate, onTime)
	if len(c.ByTown) != len(towns) {
		t.Errorf("want %d towns, got %d: %+v", len(towns), len(c.ByTown), c.ByTown)
	}
	for i, bt := range c.ByTown {
		if i > 0 && c.ByTown[i-1].Town.Name > bt.Town.Name {
			t.Errorf("towns not sorted by name: %s before %s", c.ByTown[i-1].Town.Name, bt.Town.Name)
		}
		w, ok := towns[bt.Town.Name]
		if !ok {
			t.Errorf("unexpected town %q", bt.Town.Name)
			continue
		}
		var missing []string
		for _, m := range bt.Missing {
			missing = append(missing, m.Code)
			if m.Name == "" || m.ID == 0 {
				t.Errorf("%s: missing org without id or name: %+v", bt.Town.Name, m)
			}
		}
		if bt.Expected != w.expected || bt.Submitted != w.submitted || bt.Approved != w.approved ||
			fmt.Sprint(missing) != fmt.Sprint(w.missing) {
			t.Errorf("%s: want %d expected, %d submitted, %d approved, missing %v; got %d, %d, %d, %v",
				bt.Town.Name, w.expected, w.submitted, w.approved, w.missing, bt.Expected, bt.Submitted, bt.Approved, missing)
		}
	}
}

// completenessFixture opens a 2024 teacher-training campaign for the district's junior and
// senior schools (eleven, in eight towns) due in ten days, and brings four of them to
// different states: xhzx submitted, wlzx approved, xhcz returned, qjzx a draft.
func completenessFixture(t *testing.T, r *rlEnv) int64 {
	t.Helper()
	id := r.openCampaign(t, map[string]any{"form": "teacher-training", "period": "2024", "org_types": []string{"senior", "junior"},
		"deadline": r.Clock.Now().Add(10 * 24 * time.Hour)})
	values := map[string]any{"payroll_total": "1000000", "training_spend": "20000"}
	r.fill(t, "xhzx", "teacher-training", "2024", values, "submitted")
	r.fill(t, "wlzx", "teacher-training", "2024", values, "approved")
	r.fill(t, "xhcz", "teacher-training", "2024", values, "returned")
	r.fill(t, "qjzx", "teacher-training", "2024", values, "draft")
	return id
}

// The district before the deadline: on time are the two that are in (xhzx, wlzx); the
// returned one is not in, so it is not on time either.
var rlDistrictTowns = map[string]rlTown{
	"城南街道": {2, 1, 0, []string{"xhcz"}},
	"正阳街道": {1, 1, 1, nil},
	"城西街道": {2, 0, 0, []string{"qjcz", "qjzx"}},
	"城东街道": {2, 0, 0, []string{"mzzx", "syzx"}},
	"舟白街道": {1, 0, 0, []string{"zbcz"}},
	"黄溪镇":  {1, 0, 0, []string{"hxzx"}},
	"金溪镇":  {1, 0, 0, []string{"jinxi-cz"}},
	"鹅池镇":  {1, 0, 0, []string{"echi-cz"}},
}

func TestCompleteness(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		run  func(t *testing.T, r *rlEnv)
	}{
		{"completeness-counts-before-deadline", func(t *testing.T, r *rlEnv) {
			id := completenessFixture(t, r)
			c := r.completeness(t, "leader", id)
			if c.Campaign.ID != id || c.Campaign.TaskCount != 11 {
				t.Errorf("campaign: want id %d with 11 tasks, got %+v", id, c.Campaign)
			}
			// 2 / 11 = 0.1818.
			c.check(t, rlCounts{11, 2, 1, 1, 1, 7, 0}, "0.1818", rlDistrictTowns)
			// The reviewer sees the same district-wide figures.
			r.completeness(t, "reviewer", id).check(t, rlCounts{11, 2, 1, 1, 1, 7, 0}, "0.1818", rlDistrictTowns)
		}},
		{"completeness-overdue-after-deadline", func(t *testing.T, r *rlEnv) {
			id := completenessFixture(t, r)
			r.advance(11 * 24 * time.Hour)
			// Overdue: the returned one, the draft and the seven not started.
			r.completeness(t, "leader", id).check(t, rlCounts{11, 2, 1, 1, 1, 7, 9}, "0.1818", rlDistrictTowns)
		}},
		{"completeness-extension-and-resubmit", func(t *testing.T, r *rlEnv) {
			id := completenessFixture(t, r)
			r.advance(11 * 24 * time.Hour)
			// An extension for xhcz takes it out of the overdue count; its resubmission by the
			// new deadline counts as in and on time.
			wantStatus(t, r.as(t, "reviewer", http.MethodPost, fmt.Sprintf("/api/v1/campaigns/%d/extend", id),
				map[string]any{"org_id": oid(t, r.Env, "xhcz"), "deadline": r.Clock.Now().Add(3 * 24 * time.Hour)}), http.StatusNoContent)
			r.completeness(t, "leader", id).check(t, rlCounts{11, 2, 1, 1, 1, 7, 8}, "0.1818", rlDistrictTowns)
			r.fill(t, "xhcz", "teacher-training", "2024", map[string]any{"payroll_total": "1000000", "training_spend": "25000"}, "submitted")
			towns := map[string]rlTown{}
			for k, v := range rlDistrictTowns {
				towns[k] = v
			}
			towns["城南街道"] = rlTown{2, 2, 0, nil}
			// 3 / 11 = 0.2727.
			r.completeness(t, "leader", id).check(t, rlCounts{11, 3, 1, 0, 1, 7, 8}, "0.2727", towns)
		}},
		{"completeness-town-scope", func(t *testing.T, r *rlEnv) {
			id := completenessFixture(t, r)
			r.grant(t, "cn-leader", "town-chengnan", "leader")
			r.grant(t, "zy-reviewer", "town-zhengyang", "reviewer")
			c := r.completeness(t, "cn-leader", id)
			if c.Campaign.TaskCount != 2 {
				t.Errorf("城南 task_count: want 2, got %d", c.Campaign.TaskCount)
			}
			// 城南: xhzx submitted, xhcz returned; 1 / 2 on time.
			c.check(t, rlCounts{2, 1, 0, 1, 0, 0, 0}, "0.5", map[string]rlTown{"城南街道": {2, 1, 0, []string{"xhcz"}}})
			r.completeness(t, "zy-reviewer", id).check(t, rlCounts{1, 1, 1, 0, 0, 0, 0}, "1", map[string]rlTown{"正阳街道": {1, 1, 1, nil}})
			r.advance(11 * 24 * time.Hour)
			r.completeness(t, "cn-leader", id).check(t, rlCounts{2, 1, 0, 1, 0, 0, 1}, "0.5", map[string]rlTown{"城南街道": {2, 1, 0, []string{"xhcz"}}})
		}},
		{"completeness-campaign-outside-scope-404", func(t *testing.T, r *rlEnv) {
			// A campaign for 城南's senior schools only: 舟白 has no task in it.
			id := r.openCampaign(t, map[string]any{"form": "students", "period": "2024", "org_id": oid(t, r.Env, "town-chengnan"),
				"org_types": []string{"senior"}, "deadline": r.Clock.Now().Add(10 * 24 * time.Hour)})
			r.grant(t, "cn-leader", "town-chengnan", "leader")
			r.grant(t, "zb-leader", "town-zhoubai", "leader")
			r.completeness(t, "cn-leader", id).check(t, rlCounts{1, 0, 0, 0, 0, 1, 0}, "0", map[string]rlTown{"城南街道": {1, 0, 0, []string{"xhzx"}}})
			wantProblem(t, r.as(t, "zb-leader", http.MethodGet, fmt.Sprintf("/api/v1/campaigns/%d/completeness", id), nil), http.StatusNotFound, "not_found")
		}},
		{"completeness-denied-and-unknown", func(t *testing.T, r *rlEnv) {
			id := completenessFixture(t, r)
			path := fmt.Sprintf("/api/v1/campaigns/%d/completeness", id)
			for _, u := range []string{"xhzx", "wlzx", "syyey", "czj"} {
				wantProblem(t, r.as(t, u, http.MethodGet, path, nil), http.StatusForbidden, "forbidden")
			}
			wantStatus(t, r.as(t, "", http.MethodGet, path, nil), http.StatusUnauthorized)
			wantProblem(t, r.as(t, "leader", http.MethodGet, "/api/v1/campaigns/999999/completeness", nil), http.StatusNotFound, "not_found")
			wantProblem(t, r.as(t, "leader", http.MethodGet, "/api/v1/campaigns/abc/completeness", nil), http.StatusNotFound, "not_found")
		}},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		t.Parallel()
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				t.Parallel()
				sc.run(t, rlNew(t, kind))
			})
		}
	})
}
