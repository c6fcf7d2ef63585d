package api_test

// Multi-level review through the real router on SQLite and MariaDB: a campaign's submissions
// climb its levels (school → town → district), each level passes up or returns, a level above may
// act for the ones under it, queues show what waits at the caller's level, isolation holds at
// every level, and official figures move only at the final approval.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// rvState is a submission's review state as the API shows it.
type rvState struct {
	Status   string `json:"status"`
	Version  int    `json:"version"`
	Comments *struct {
		Comment       string            `json:"comment"`
		FieldComments map[string]string `json:"field_comments"`
	} `json:"comments"`
	Review struct {
		Chain     []string `json:"chain"`
		Level     *string  `json:"level"`
		CanAct    bool     `json:"can_act"`
		ApproveTo *string  `json:"approve_to"`
		// ReturnBelowTo is where the caller's "back to the level below" sends it.
		ReturnBelowTo *string `json:"return_below_to"`
	} `json:"review"`
}

func (s rvState) level() string {
	if s.Review.Level == nil {
		return ""
	}
	return *s.Review.Level
}

func (r *rlEnv) rvGet(t *testing.T, user string, id int64) rvState {
	t.Helper()
	res := r.as(t, user, http.MethodGet, fmt.Sprintf("/api/v1/submissions/%d", id), nil)
	wantStatus(t, res, http.StatusOK)
	var s rvState
	res.Decode(t, &s)
	return s
}

// rvAct runs a review action as user and returns the response.
func (r *rlEnv) rvAct(t *testing.T, user, action string, id int64, body map[string]any) *testenv.Response {
	t.Helper()
	return r.as(t, user, http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/%s", id, action), body)
}

// rvOK runs a review action that must succeed and checks where it leaves the submission.
func (r *rlEnv) rvOK(t *testing.T, user, action string, id int64, body map[string]any, status, level string) rvState {
	t.Helper()
	res := r.rvAct(t, user, action, id, body)
	wantStatus(t, res, http.StatusOK)
	var s rvState
	res.Decode(t, &s)
	if s.Status != status || s.level() != level {
		t.Fatalf("%s %s by %s: got %s at %q, want %s at %q", action, fmt.Sprint(id), user, s.Status, s.level(), status, level)
	}
	return s
}

// rvQueue lists the ids in user's own queue (awaiting=me) for the form and period.
func (r *rlEnv) rvQueue(t *testing.T, user, form, period string) []int64 {
	t.Helper()
	res := r.as(t, user, http.MethodGet, "/api/v1/submissions?awaiting=me&page_size=200&form="+form+"&period="+period, nil)
	wantStatus(t, res, http.StatusOK)
	list, _ := items(t, res)
	out := make([]int64, len(list))
	for i, it := range list {
		out[i] = id(t, it, "id")
	}
	return out
}

// rvOfficial is the district's training-spend numerator on a basis ("" when nothing counts).
func (r *rlEnv) rvOfficial(t *testing.T, basis string) string {
	t.Helper()
	it := r.summary(t, "leader", "period=2024&basis="+basis).item(t, "training.spend_ratio")
	if it.Numerator == nil {
		return ""
	}
	return *it.Numerator
}

// rvHistory is the (action, level, to_level) of each review revision.
func (r *rlEnv) rvHistory(t *testing.T, user string, id int64) []string {
	t.Helper()
	res := r.as(t, user, http.MethodGet, fmt.Sprintf("/api/v1/submissions/%d/history", id), nil)
	wantStatus(t, res, http.StatusOK)
	list, _ := items(t, res)
	var out []string
	for _, it := range list {
		a := fmt.Sprint(it["action"])
		if a == "create" || a == "save" {
			continue
		}
		lv, to := "-", "-"
		if it["level"] != nil {
			lv = fmt.Sprint(it["level"])
		}
		if it["to_level"] != nil {
			to = fmt.Sprint(it["to_level"])
		}
		out = append(out, a+":"+lv+">"+to)
	}
	return out
}

// rvTwoLevels opens a 2024 teacher-training campaign for the junior and senior schools reviewed by
// their town, then the bureau, with a reviewer in 城南 (cn-rv) and one in 正阳 (zy-rv); xhzx (城南)
// submits 20,000 of 1,000,000.
func rvTwoLevels(t *testing.T, r *rlEnv) (campaign, sub int64) {
	t.Helper()
	campaign = r.openCampaign(t, map[string]any{"form": "teacher-training", "period": "2024", "org_types": []string{"senior", "junior"},
		"deadline": r.Clock.Now().Add(10 * 24 * time.Hour), "review_levels": []string{"town", "district"}})
	r.grant(t, "cn-rv", "town-chengnan", "reviewer")
	r.grant(t, "zy-rv", "town-zhengyang", "reviewer")
	sub = r.fill(t, "xhzx", "teacher-training", "2024", map[string]any{"payroll_total": "1000000", "training_spend": "20000"}, "submitted")
	return campaign, sub
}

func TestReviewLevels(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name string
		run  func(t *testing.T, r *rlEnv)
	}{
		{"levels-campaign-422-bad-levels", func(t *testing.T, r *rlEnv) {
			for _, c := range []struct {
				levels []string
				field  string
				code   string
			}{
				{[]string{"district", "town"}, "review_levels[1]", "out_of_order"},
				{[]string{"town", "town"}, "review_levels[1]", "out_of_order"},
				{[]string{"province"}, "review_levels[0]", "invalid_review_level"},
			} {
				p := wantProblem(t, r.as(t, "admin", http.MethodPost, "/api/v1/campaigns", map[string]any{"form": "teacher-training",
					"period": "2024", "deadline": r.Clock.Now().Add(24 * time.Hour), "review_levels": c.levels}), http.StatusUnprocessableEntity, "validation")
				wantFields(t, p, map[string]string{c.field: c.code})
			}
		}},
		{"levels-change-applies-to-later-submissions", func(t *testing.T, r *rlEnv) {
			campaign, sub := rvTwoLevels(t, r)
			path := fmt.Sprintf("/api/v1/campaigns/%d/review-levels", campaign)
			// Not the filler, not a town's reviewer (whose write scope is its town, not the
			// district the campaign is rooted at), and nothing changed by their tries.
			wantStatus(t, r.as(t, "xhzx", http.MethodPut, path, map[string]any{"review_levels": []string{}}), http.StatusForbidden)
			wantStatus(t, r.as(t, "cn-rv", http.MethodPut, path, map[string]any{"review_levels": []string{}}), http.StatusForbidden)
			wantStatus(t, r.as(t, "zy-rv", http.MethodPut, path, map[string]any{"review_levels": []string{}}), http.StatusForbidden)
			p := wantProblem(t, r.as(t, "admin", http.MethodPut, path, map[string]any{"review_levels": []string{"district", "town"}}), http.StatusUnprocessableEntity, "validation")
			wantFields(t, p, map[string]string{"review_levels[1]": "out_of_order"})
			p = wantProblem(t, r.as(t, "admin", http.MethodPut, path, map[string]any{}), http.StatusUnprocessableEntity, "validation")
			wantFields(t, p, map[string]string{"review_levels": "required"})
			wantStatus(t, r.as(t, "admin", http.MethodPut, "/api/v1/campaigns/999999/review-levels", map[string]any{"review_levels": []string{}}), http.StatusNotFound)
			res := r.as(t, "admin", http.MethodGet, fmt.Sprintf("/api/v1/campaigns/%d", campaign), nil)
			if got := fmt.Sprint(res.JSON(t)["review_levels"]); got != "[town district]" {
				t.Fatalf("a refused change changed the levels: %s", got)
			}
			// The bureau drops the town's step.
			res = r.as(t, "admin", http.MethodPut, path, map[string]any{"review_levels": []string{"district"}})
			wantStatus(t, res, http.StatusOK)
			if got := fmt.Sprint(res.JSON(t)["review_levels"]); got != "[district]" {
				t.Fatalf("PUT answered review_levels %s", got)
			}
			// The one handed in keeps its chain: the town still passes it up.
			if s := r.rvGet(t, "admin", sub); fmt.Sprint(s.Review.Chain) != "[town district]" || s.level() != "town" {
				t.Fatalf("a submission handed in before the change: %+v", s.Review)
			}
			r.rvOK(t, "cn-rv", "approve", sub, nil, "submitted", "district")
			// The next one climbs the new levels: straight to the bureau, nothing for the town.
			next := r.fill(t, "wlzx", "teacher-training", "2024", map[string]any{"payroll_total": "500000", "training_spend": "9000"}, "submitted")
			if s := r.rvGet(t, "admin", next); fmt.Sprint(s.Review.Chain) != "[district]" || s.level() != "district" {
				t.Fatalf("a submission after the change: %+v", s.Review)
			}
			r.rvOK(t, "reviewer", "approve", next, nil, "approved", "")
			// The audit log has the change, from and to.
			list, _ := items(t, r.as(t, "admin", http.MethodGet, "/api/v1/audit?page_size=50&action=campaign.review_levels", nil))
			if len(list) != 1 || list[0]["object_id"] != fmt.Sprint(campaign) {
				t.Fatalf("audit entries of the change: %v", list)
			}
			if d, _ := list[0]["detail"].(map[string]any); fmt.Sprint(d["from"], d["to"]) != "[town district] [district]" {
				t.Errorf("audit detail = %v", list[0]["detail"])
			}
		}},
		{"levels-change-404-campaign-of-another-town", func(t *testing.T, r *rlEnv) {
			r.grant(t, "cn-rv", "town-chengnan", "reviewer")
			r.grant(t, "zy-rv", "town-zhengyang", "reviewer")
			town, err := r.App.Orgs.ByCode(context.Background(), "town-chengnan")
			if err != nil {
				t.Fatal(err)
			}
			// 城南's reviewer opens a campaign of its own town, then changes its levels; 正阳's
			// reviewer does not see it at all.
			res := r.as(t, "cn-rv", http.MethodPost, "/api/v1/campaigns", map[string]any{"form": "teacher-training", "period": "2024",
				"org_id": town.ID, "org_types": []string{"senior", "junior"}, "deadline": r.Clock.Now().Add(10 * 24 * time.Hour)})
			wantStatus(t, res, http.StatusCreated)
			campaign := id(t, res.JSON(t), "id")
			path := fmt.Sprintf("/api/v1/campaigns/%d/review-levels", campaign)
			wantStatus(t, r.as(t, "zy-rv", http.MethodPut, path, map[string]any{"review_levels": []string{"town"}}), http.StatusNotFound)
			res = r.as(t, "cn-rv", http.MethodPut, path, map[string]any{"review_levels": []string{"town"}})
			wantStatus(t, res, http.StatusOK)
			if got := fmt.Sprint(res.JSON(t)["review_levels"]); got != "[town]" {
				t.Fatalf("review_levels = %s", got)
			}
		}},
		{"levels2-submit-waits-at-town", func(t *testing.T, r *rlEnv) {
			campaign, sub := rvTwoLevels(t, r)
			res := r.as(t, "admin", http.MethodGet, fmt.Sprintf("/api/v1/campaigns/%d", campaign), nil)
			wantStatus(t, res, http.StatusOK)
			if got := fmt.Sprint(res.JSON(t)["review_levels"]); got != "[town district]" {
				t.Errorf("campaign review_levels = %s", got)
			}
			s := r.rvGet(t, "xhzx", sub)
			if s.Status != "submitted" || s.level() != "town" || fmt.Sprint(s.Review.Chain) != "[town district]" || s.Review.CanAct {
				t.Fatalf("after submit the clerk sees %+v", s)
			}
			// The clerk's task says where it is (待学区审核).
			tasks, _ := items(t, r.as(t, "xhzx", http.MethodGet, "/api/v1/tasks?page_size=200", nil))
			var mine []map[string]any
			for _, tk := range tasks {
				if id(t, tk, "campaign_id") == campaign {
					mine = append(mine, tk)
				} else if tk["review_level"] != nil {
					t.Errorf("a task not submitted has a review level: %v", tk)
				}
			}
			if len(mine) != 1 || mine[0]["review_level"] != "town" {
				t.Fatalf("xhzx's task: %v", mine)
			}
			town, bureau := r.rvGet(t, "cn-rv", sub).Review, r.rvGet(t, "reviewer", sub).Review
			if !town.CanAct || !bureau.CanAct {
				t.Error("the town reviewer (and the bureau, for the level under it) may act on it")
			}
			// The town's yes passes it up to the bureau; the bureau's, acting for the town, approves it.
			if town.ApproveTo == nil || *town.ApproveTo != "district" || bureau.ApproveTo != nil {
				t.Errorf("approve_to: town %v, bureau %v; want district and null", town.ApproveTo, bureau.ApproveTo)
			}
			// Waiting at the first level, there is no level below to send it back to.
			if town.ReturnBelowTo != nil || bureau.ReturnBelowTo != nil {
				t.Errorf("return_below_to at the first level: town %v, bureau %v; want null", town.ReturnBelowTo, bureau.ReturnBelowTo)
			}
			list, _ := items(t, r.as(t, "cn-rv", http.MethodGet, "/api/v1/submissions?awaiting=me", nil))
			if len(list) != 1 || list[0]["approve_to"] != "district" {
				t.Errorf("the town's queue row: %v", list)
			}
			list, _ = items(t, r.as(t, "reviewer", http.MethodGet, "/api/v1/submissions?status=submitted&form=teacher-training&period=2024", nil))
			if len(list) != 1 || list[0]["approve_to"] != nil {
				t.Errorf("the bureau's row: %v", list)
			}
		}},
		{"levels2-pass-approve-figures", func(t *testing.T, r *rlEnv) {
			_, sub := rvTwoLevels(t, r)
			// Submitted: provisional figures count it, official ones and the town's passed basis do not.
			if got := r.rvOfficial(t, "approved"); got != "" && got != "0" {
				t.Fatalf("official numerator before any approval = %s", got)
			}
			if got := r.rvOfficial(t, "all"); got != "20000" {
				t.Fatalf("provisional numerator = %s, want 20000", got)
			}
			if got := r.rvOfficial(t, "passed_town"); got != "" && got != "0" {
				t.Fatalf("passed_town numerator before the town passed it = %s", got)
			}
			r.rvOK(t, "cn-rv", "approve", sub, nil, "submitted", "district")
			// Passed by the town: still not official.
			if got := r.rvOfficial(t, "approved"); got != "" && got != "0" {
				t.Fatalf("official numerator after the town passed it = %s, want nothing", got)
			}
			if got := r.rvOfficial(t, "passed_town"); got != "20000" {
				t.Fatalf("passed_town numerator = %s, want 20000", got)
			}
			// The maintained totals are what a full rebuild from the facts (and the level each
			// submission waits at) gives.
			checks, err := r.App.Rollup.CheckRebuild(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range checks {
				if !c.Equal() {
					t.Fatalf("maintained figures drifted from a rebuild: %s", c)
				}
			}
			if got := r.rvOfficial(t, "passed_town"); got != "20000" {
				t.Fatalf("passed_town numerator after a rebuild = %s, want 20000", got)
			}
			r.rvOK(t, "reviewer", "approve", sub, nil, "approved", "")
			if got := r.rvOfficial(t, "approved"); got != "20000" {
				t.Fatalf("official numerator after the final approval = %s, want 20000", got)
			}
			if h := fmt.Sprint(r.rvHistory(t, "xhzx", sub)); h != "[submit:->town pass:town>district approve:district>-]" {
				t.Fatalf("history = %s", h)
			}
			// The audit log has each level's decision, with the level.
			for action, want := range map[string]string{"submission.pass": "town>district", "submission.approve": "district>"} {
				list, _ := items(t, r.as(t, "admin", http.MethodGet, "/api/v1/audit?page_size=50&action="+action, nil))
				found := false
				for _, e := range list {
					d, _ := e["detail"].(map[string]any)
					if e["object_id"] == fmt.Sprint(sub) && d != nil && fmt.Sprint(d["level"])+">"+fmt.Sprint(d["to_level"]) == want {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s audit entry of submission %d with levels %s: %v", action, sub, want, list)
				}
			}
		}},
		{"levels2-bureau-returns-to-town-then-town-to-school", func(t *testing.T, r *rlEnv) {
			_, sub := rvTwoLevels(t, r)
			r.rvOK(t, "cn-rv", "approve", sub, nil, "submitted", "district")
			// Waiting at the bureau: its "back to the level below" sends it to the town; the town,
			// whose level is passed, may not act and is offered nothing.
			if to := r.rvGet(t, "reviewer", sub).Review.ReturnBelowTo; to == nil || *to != "town" {
				t.Errorf("the bureau's return_below_to = %v, want town", to)
			}
			if rv := r.rvGet(t, "cn-rv", sub).Review; rv.CanAct || rv.ReturnBelowTo != nil || rv.ApproveTo != nil {
				t.Errorf("the town, above whose level it waits, is offered %+v", rv)
			}
			s := r.rvOK(t, "reviewer", "return", sub, map[string]any{"to": "below", "comment": "培训经费与财务报表不一致，请学区核实"}, "submitted", "town")
			if s.Comments == nil || s.Comments.Comment != "培训经费与财务报表不一致，请学区核实" {
				t.Fatalf("the town does not see the bureau's comment: %+v", s.Comments)
			}
			if !slices.Contains(r.rvQueue(t, "cn-rv", "teacher-training", "2024"), sub) {
				t.Fatal("returned to the town, it is not back in the town's queue")
			}
			// At the first level there is nothing below.
			wantProblem(t, r.rvAct(t, "cn-rv", "return", sub, map[string]any{"to": "below", "comment": "x"}), http.StatusConflict, "no_level_below")
			s = r.rvOK(t, "cn-rv", "return", sub, map[string]any{"to": "filler", "comment": "请按财务报表更正",
				"field_comments": map[string]string{"training_spend": "应为 25000"}}, "returned", "")
			if s.Comments == nil || s.Comments.FieldComments["training_spend"] != "应为 25000" {
				t.Fatalf("field comment lost: %+v", s.Comments)
			}
			// The school fixes and resubmits: back at the town, then both approve.
			res := r.as(t, "xhzx", http.MethodPut, fmt.Sprintf("/api/v1/submissions/%d", sub), map[string]any{"version": s.Version,
				"values": map[string]any{"payroll_total": "1000000", "training_spend": "25000"}})
			wantStatus(t, res, http.StatusOK)
			v := int(res.JSON(t)["version"].(float64))
			wantStatus(t, r.as(t, "xhzx", http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/submit", sub), map[string]any{"version": v}), http.StatusOK)
			if s := r.rvGet(t, "xhzx", sub); s.level() != "town" {
				t.Fatalf("resubmitted, it waits at %q, want town", s.level())
			}
			r.rvOK(t, "cn-rv", "approve", sub, nil, "submitted", "district")
			r.rvOK(t, "reviewer", "approve", sub, nil, "approved", "")
			if got := r.rvOfficial(t, "approved"); got != "25000" {
				t.Fatalf("official numerator = %s, want the corrected 25000", got)
			}
			want := "[submit:->town pass:town>district return_below:district>town return:town>- submit:->town pass:town>district approve:district>-]"
			if h := fmt.Sprint(r.rvHistory(t, "reviewer", sub)); h != want {
				t.Fatalf("history = %s, want %s", h, want)
			}
			// The history keeps each return's own field comments after the submission moved on.
			res = r.as(t, "xhzx", http.MethodGet, fmt.Sprintf("/api/v1/submissions/%d/history", sub), nil)
			wantStatus(t, res, http.StatusOK)
			list, _ := items(t, res)
			var got []string
			for _, it := range list {
				if it["action"] == "return" || it["action"] == "return_below" {
					got = append(got, fmt.Sprint(it["comment"], " ", it["field_comments"]))
				}
			}
			if fmt.Sprint(got) != "[培训经费与财务报表不一致，请学区核实 <nil> 请按财务报表更正 map[training_spend:应为 25000]]" {
				t.Fatalf("returns in the history: %q", got)
			}
		}},
		{"levels2-403-town-acts-above-its-level", func(t *testing.T, r *rlEnv) {
			_, sub := rvTwoLevels(t, r)
			s := r.rvOK(t, "cn-rv", "approve", sub, nil, "submitted", "district")
			wantProblem(t, r.rvAct(t, "cn-rv", "approve", sub, nil), http.StatusForbidden, "not_your_level")
			wantProblem(t, r.rvAct(t, "cn-rv", "return", sub, map[string]any{"comment": "x"}), http.StatusForbidden, "not_your_level")
			if got := r.rvGet(t, "cn-rv", sub); got.Version != s.Version || got.Review.CanAct {
				t.Fatalf("a refused action changed it, or the town may still act: %+v", got)
			}
		}},
		{"levels2-404-other-town-and-403-filler", func(t *testing.T, r *rlEnv) {
			_, sub := rvTwoLevels(t, r)
			for _, a := range []string{"approve", "return"} {
				wantProblem(t, r.rvAct(t, "zy-rv", a, sub, map[string]any{"comment": "x"}), http.StatusNotFound, "not_found")
				wantProblem(t, r.rvAct(t, "xhzx", a, sub, map[string]any{"comment": "x"}), http.StatusForbidden, "forbidden")
				wantProblem(t, r.rvAct(t, "wlzx", a, sub, map[string]any{"comment": "x"}), http.StatusForbidden, "forbidden")
			}
			wantProblem(t, r.as(t, "zy-rv", http.MethodGet, fmt.Sprintf("/api/v1/submissions/%d", sub), nil), http.StatusNotFound, "not_found")
			if q := r.rvQueue(t, "zy-rv", "teacher-training", "2024"); len(q) != 0 {
				t.Fatalf("正阳's reviewer sees 城南's queue: %v", q)
			}
			if s := r.rvGet(t, "xhzx", sub); s.Status != "submitted" || s.level() != "town" {
				t.Fatalf("refused actions moved it: %+v", s)
			}
		}},
		{"levels2-queues-by-level", func(t *testing.T, r *rlEnv) {
			_, sub := rvTwoLevels(t, r)
			if q := r.rvQueue(t, "cn-rv", "teacher-training", "2024"); !slices.Equal(q, []int64{sub}) {
				t.Fatalf("town queue = %v, want [%d]", q, sub)
			}
			if q := r.rvQueue(t, "reviewer", "teacher-training", "2024"); len(q) != 0 {
				t.Fatalf("the bureau's own queue holds what waits at the town: %v", q)
			}
			// A filter by level, and everything submitted in scope without awaiting.
			list, _ := items(t, r.as(t, "reviewer", http.MethodGet, "/api/v1/submissions?level=town&form=teacher-training&period=2024", nil))
			if len(list) != 1 || list[0]["review_level"] != "town" {
				t.Fatalf("level=town: %v", list)
			}
			r.rvOK(t, "cn-rv", "approve", sub, nil, "submitted", "district")
			if q := r.rvQueue(t, "cn-rv", "teacher-training", "2024"); len(q) != 0 {
				t.Fatalf("passed up, it is still in the town's queue: %v", q)
			}
			if q := r.rvQueue(t, "reviewer", "teacher-training", "2024"); !slices.Equal(q, []int64{sub}) {
				t.Fatalf("bureau queue = %v, want [%d]", q, sub)
			}
			wantProblem(t, r.as(t, "reviewer", http.MethodGet, "/api/v1/submissions?awaiting=you", nil), http.StatusUnprocessableEntity, "validation")
			wantProblem(t, r.as(t, "reviewer", http.MethodGet, "/api/v1/submissions?level=province", nil), http.StatusUnprocessableEntity, "validation")
		}},
		{"levels2-completeness-waiting-by-level", func(t *testing.T, r *rlEnv) {
			campaign, sub := rvTwoLevels(t, r)
			r.fill(t, "wlzx", "teacher-training", "2024", map[string]any{"payroll_total": "1000000", "training_spend": "30000"}, "submitted")
			res := r.as(t, "admin", http.MethodGet, fmt.Sprintf("/api/v1/campaigns/%d/completeness", campaign), nil)
			wantStatus(t, res, http.StatusOK)
			if got := fmt.Sprint(res.JSON(t)["waiting"]); got != "map[town:2]" {
				t.Fatalf("waiting = %s, want both at the town", got)
			}
			r.rvOK(t, "cn-rv", "approve", sub, nil, "submitted", "district")
			res = r.as(t, "admin", http.MethodGet, fmt.Sprintf("/api/v1/campaigns/%d/completeness", campaign), nil)
			if got := fmt.Sprint(res.JSON(t)["waiting"]); got != "map[district:1 town:1]" {
				t.Fatalf("waiting = %s, want one at the town and one at the bureau", got)
			}
		}},
		{"levels2-bulk-pass-up", func(t *testing.T, r *rlEnv) {
			_, sub := rvTwoLevels(t, r)
			res := r.as(t, "cn-rv", http.MethodPost, "/api/v1/submissions/bulk-approve", map[string]any{"ids": []int64{sub}})
			wantStatus(t, res, http.StatusOK)
			if s := r.rvGet(t, "cn-rv", sub); s.Status != "submitted" || s.level() != "district" {
				t.Fatalf("bulk pass-up left %+v", s)
			}
			// Again: now it waits above the town.
			res = r.as(t, "cn-rv", http.MethodPost, "/api/v1/submissions/bulk-approve", map[string]any{"ids": []int64{sub}})
			wantStatus(t, res, http.StatusOK)
			if it := res.JSON(t)["items"].([]any)[0].(map[string]any); it["status"] != float64(403) || it["code"] != "not_your_level" {
				t.Fatalf("bulk at a level above: %v", it)
			}
		}},
		{"levels-one-step-campaign-unchanged", func(t *testing.T, r *rlEnv) {
			r.openCampaign(t, map[string]any{"form": "teacher-training", "period": "2024", "org_types": []string{"senior"},
				"deadline": r.Clock.Now().Add(10 * 24 * time.Hour)})
			r.grant(t, "cn-rv", "town-chengnan", "reviewer")
			sub := r.fill(t, "xhzx", "teacher-training", "2024", map[string]any{"payroll_total": "1000000", "training_spend": "20000"}, "submitted")
			if s := r.rvGet(t, "xhzx", sub); len(s.Review.Chain) != 0 || s.Review.Level != nil {
				t.Fatalf("one-step review shows levels: %+v", s.Review)
			}
			// As before levels: the town's reviewer approves, and that is final.
			r.rvOK(t, "cn-rv", "approve", sub, nil, "approved", "")
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

// rvThreeLevels adds a 中心校 (cn-zx, primary) in 城南 with two village schools under it (cn-cx, cn-cx2), opens a
// 2024 teacher-training campaign for 城南's primary schools reviewed by the 中心校, the town and the
// bureau, and seats a reviewer at the 中心校 (zx-rv) and one at the town (cn-rv).
func rvThreeLevels(t *testing.T, r *rlEnv) {
	t.Helper()
	town := oid(t, r.Env, "town-chengnan")
	res := r.as(t, "admin", http.MethodPost, "/api/v1/orgs", map[string]any{"parent_id": town, "code": "cn-zx", "name": "城南中心校", "type": "primary"})
	wantStatus(t, res, http.StatusCreated)
	centre := id(t, res.JSON(t), "id")
	for _, code := range []string{"cn-cx", "cn-cx2"} {
		res = r.as(t, "admin", http.MethodPost, "/api/v1/orgs", map[string]any{"parent_id": centre, "code": code,
			"name": "城南村小 " + code, "type": "primary"})
		wantStatus(t, res, http.StatusCreated)
	}
	r.openCampaign(t, map[string]any{"form": "teacher-training", "period": "2024", "org_id": town, "org_types": []string{"primary"},
		"deadline": r.Clock.Now().Add(10 * 24 * time.Hour), "review_levels": []string{"school", "town", "district"}})
	r.grant(t, "zx-rv", "cn-zx", "reviewer")
	r.grant(t, "cn-rv", "town-chengnan", "reviewer")
}

func TestReviewThreeLevels(t *testing.T) {
	t.Parallel()
	values := map[string]any{"payroll_total": "500000", "training_spend": "9000"}
	scenarios := []struct {
		name string
		run  func(t *testing.T, r *rlEnv)
	}{
		{"levels3-village-school-climbs-three", func(t *testing.T, r *rlEnv) {
			rvThreeLevels(t, r)
			sub := r.fill(t, "cn-cx", "teacher-training", "2024", values, "submitted")
			if s := r.rvGet(t, "admin", sub); fmt.Sprint(s.Review.Chain) != "[school town district]" || s.level() != "school" {
				t.Fatalf("village school's review: %+v", s.Review)
			}
			wantProblem(t, r.rvAct(t, "reviewer", "return", sub, map[string]any{"to": "below", "comment": "x"}), http.StatusConflict, "no_level_below")
			r.rvOK(t, "zx-rv", "approve", sub, nil, "submitted", "town")
			wantProblem(t, r.rvAct(t, "zx-rv", "approve", sub, nil), http.StatusForbidden, "not_your_level")
			if to := r.rvGet(t, "cn-rv", sub).Review.ReturnBelowTo; to == nil || *to != "school" {
				t.Errorf("at the town of three levels, return_below_to = %v, want school", to)
			}
			r.rvOK(t, "cn-rv", "approve", sub, nil, "submitted", "district")
			if to := r.rvGet(t, "reviewer", sub).Review.ReturnBelowTo; to == nil || *to != "town" {
				t.Errorf("at the bureau of three levels, return_below_to = %v, want town", to)
			}
			if got := r.rvOfficial(t, "passed_school"); got != "9000" {
				t.Fatalf("passed_school numerator = %s", got)
			}
			if got := r.rvOfficial(t, "approved"); got != "" && got != "0" {
				t.Fatalf("official before the bureau approved = %s", got)
			}
			r.rvOK(t, "reviewer", "return", sub, map[string]any{"to": "below", "comment": "请镇街复核"}, "submitted", "town")
			r.rvOK(t, "cn-rv", "return", sub, map[string]any{"to": "below", "comment": "请中心校复核"}, "submitted", "school")
			r.rvOK(t, "zx-rv", "approve", sub, nil, "submitted", "town")
			r.rvOK(t, "cn-rv", "approve", sub, nil, "submitted", "district")
			r.rvOK(t, "reviewer", "approve", sub, nil, "approved", "")
			if got := r.rvOfficial(t, "approved"); got != "9000" {
				t.Fatalf("official after the final approval = %s", got)
			}
			// Reopen is the final level's: the town may not.
			wantProblem(t, r.rvAct(t, "cn-rv", "reopen", sub, map[string]any{"comment": "x"}), http.StatusForbidden, "not_your_level")
			r.rvOK(t, "reviewer", "reopen", sub, map[string]any{"comment": "年审更正"}, "returned", "")
		}},
		{"levels3-centre-school-skips-its-own-level", func(t *testing.T, r *rlEnv) {
			rvThreeLevels(t, r)
			// The 中心校's own figures: no school above it, so they go to the town first, and its
			// own reviewer may not approve them.
			sub := r.fill(t, "cn-zx", "teacher-training", "2024", values, "submitted")
			if s := r.rvGet(t, "admin", sub); fmt.Sprint(s.Review.Chain) != "[town district]" || s.level() != "town" {
				t.Fatalf("centre school's review: %+v", s.Review)
			}
			wantProblem(t, r.rvAct(t, "zx-rv", "approve", sub, nil), http.StatusForbidden, "not_your_level")
			if q := r.rvQueue(t, "zx-rv", "teacher-training", "2024"); len(q) != 0 {
				t.Fatalf("the centre school's reviewer sees its own submission in its queue: %v", q)
			}
			// 城南小学 (cnxx) sits right under the town: town, then district.
			sub2 := r.fill(t, "cnxx", "teacher-training", "2024", values, "submitted")
			if s := r.rvGet(t, "admin", sub2); fmt.Sprint(s.Review.Chain) != "[town district]" {
				t.Fatalf("a town school's chain: %v", s.Review.Chain)
			}
			if q := r.rvQueue(t, "cn-rv", "teacher-training", "2024"); len(q) != 2 {
				t.Fatalf("town queue = %v, want the centre school's and 城南小学's", q)
			}
			// 中心校's reviewer sees only its own subtree: not 城南小学.
			wantProblem(t, r.as(t, "zx-rv", http.MethodGet, fmt.Sprintf("/api/v1/submissions/%d", sub2), nil), http.StatusNotFound, "not_found")
		}},
		{"levels3-bureau-acts-for-the-levels-under-it", func(t *testing.T, r *rlEnv) {
			rvThreeLevels(t, r)
			sub := r.fill(t, "cn-cx", "teacher-training", "2024", values, "submitted")
			// The bureau may take it out of the lower levels' hands; its yes is final, recorded as the bureau's.
			r.rvOK(t, "reviewer", "approve", sub, nil, "approved", "")
			if h := fmt.Sprint(r.rvHistory(t, "reviewer", sub)); h != "[submit:->school approve:district>-]" {
				t.Fatalf("history = %s", h)
			}
			// The town acting at the school level passes it to the level above its own.
			sub2 := r.fill(t, "cn-cx2", "teacher-training", "2024", values, "submitted")
			r.rvOK(t, "cn-rv", "approve", sub2, nil, "submitted", "district")
			if h := fmt.Sprint(r.rvHistory(t, "reviewer", sub2)); h != "[submit:->school pass:town>district]" {
				t.Fatalf("history = %s", h)
			}
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
