package api_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/tianbao-edu/tianbao/backend/testenv"
)

// unitUser creates a filler (or another role, or none) at an org of the demo district and
// returns its access token.
func unitUser(t *testing.T, e *testenv.Env, username, orgCode string, roles ...string) string {
	t.Helper()
	if _, _, err := e.App.Users.Bootstrap(context.Background(), username, username, testenv.DemoPassword, orgCode, roles, false); err != nil {
		t.Fatalf("create %s at %s: %v", username, orgCode, err)
	}
	return e.Login(username)
}

// measureEnv is the demo district with a clerk at 区人力社保局 (lead unit of measure 17) and one at
// 区发展改革委 (a unit of measures 1-4, not of 17).
type measureEnv struct {
	e                                              *testenv.Env
	admin, reviewer, leader, czj, rlsbj, fgw, xhzx string
}

func newMeasureEnv(t *testing.T, kind string) measureEnv {
	e := testenv.New(t, kind)
	return measureEnv{e: e, admin: e.Login("admin"), reviewer: e.Login("reviewer"), leader: e.Login("leader"), czj: e.Login("czj"),
		rlsbj: unitUser(t, e, "rlsbj-clerk", "rlsbj", "filler"), fgw: unitUser(t, e, "fgw-clerk", "fgw", "filler"), xhzx: e.Login("xhzx")}
}

// TestMeasuresSeeded: the twenty measures are there with their plan text, lead unit, co-units in
// the plan's order and milestones; every role reads them; a user without a role gets 403.
func TestMeasuresSeeded(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		m := newMeasureEnv(t, kind)
		r := m.e.Do(http.MethodGet, "/api/v1/measures", m.leader, nil)
		list, total := items(t, r)
		if total != 20 || len(list) != 20 {
			t.Fatalf("want 20 measures, got %d", total)
		}
		units := func(x map[string]any) string {
			var s []string
			for _, u := range x["units"].([]any) {
				um := u.(map[string]any)
				code := fmt.Sprint(um["code"])
				if um["lead"] == true {
					code += "*"
				}
				s = append(s, code)
			}
			return fmt.Sprint(s)
		}
		for _, tc := range []struct {
			number int
			units  string
		}{
			{1, "[qjjw* fgw czj zjw ghzyj]"},
			{4, "[qjjw* fgw czj zjw ghzyj wjw cqlyzyxy cqjmzyxy zjzx]"},
			{10, "[qjjw*]"},
			{13, "[qjjw* qfl]"},
			{17, "[rlsbj* czj qjjw]"},
			{20, "[qjjw* rlsbj xczxj cqlyzyxy cqjmzyxy zjzx]"},
		} {
			x := list[tc.number-1]
			if int(x["number"].(float64)) != tc.number || units(x) != tc.units {
				t.Errorf("measure %d: units %s, want %s", tc.number, units(x), tc.units)
			}
		}
		for _, x := range list {
			if len(x["milestones"].([]any)) < 3 || x["text"] == "" || x["title_en"] == "" || x["version"].(float64) != 1 {
				t.Errorf("measure %v: milestones, text, title_en or version missing: %v", x["number"], x)
			}
		}
		// The 2023 milestone the plan names for measure 10.
		r = m.e.Do(http.MethodGet, "/api/v1/measures/10", m.xhzx, nil)
		wantStatus(t, r, http.StatusOK)
		found := false
		for _, ms := range r.JSON(t)["milestones"].([]any) {
			if mm := ms.(map[string]any); mm["key"] == "party-led-2023" && mm["due"] == "2023-12-31" {
				found = true
			}
		}
		if !found {
			t.Errorf("measure 10 lacks the end-2023 milestone: %s", r.Body)
		}
		// mine: a unit's own measures with its part in each.
		r = m.e.Do(http.MethodGet, "/api/v1/measures?mine=1", m.rlsbj, nil)
		mine, _ := items(t, r)
		roles := map[string]string{}
		for _, x := range mine {
			roles[fmt.Sprint(x["number"])] = fmt.Sprint(x["role"])
		}
		if fmt.Sprint(roles) != "map[12:co 14:co 15:co 16:co 17:lead 20:co]" {
			t.Errorf("rlsbj's measures: %v", roles)
		}
		none := unitUser(t, m.e, "no-role", "fgw")
		wantProblem(t, m.e.Do(http.MethodGet, "/api/v1/measures", none, nil), http.StatusForbidden, "forbidden")
		wantStatus(t, m.e.Do(http.MethodGet, "/api/v1/measures/21", m.leader, nil), http.StatusNotFound)
		wantStatus(t, m.e.Do(http.MethodGet, "/api/v1/measures/x", m.leader, nil), http.StatusNotFound)
	})
}

// openReport opens the caller's progress report for the current quarter and returns its id and version.
func openReport(t *testing.T, e *testenv.Env, token string) (int64, int, map[string]any) {
	t.Helper()
	r := e.Do(http.MethodPost, "/api/v1/measures/report", token, map[string]any{})
	wantStatus(t, r, http.StatusOK)
	b := r.JSON(t)
	sid := int64(b["submission_id"].(float64))
	g := e.Do(http.MethodGet, fmt.Sprintf("/api/v1/submissions/%d", sid), token, nil)
	wantStatus(t, g, http.StatusOK)
	doc := g.JSON(t)
	return sid, int(doc["version"].(float64)), doc
}

// reportRows returns the org codes of the rows a caller sees on a measure (and the status code).
func reportRows(t *testing.T, e *testenv.Env, token string, n int) (int, map[string]string) {
	t.Helper()
	r := e.Do(http.MethodGet, fmt.Sprintf("/api/v1/measures/%d/reports", n), token, nil)
	out := map[string]string{}
	if r.Status != http.StatusOK {
		return r.Status, out
	}
	for _, x := range r.JSON(t)["items"].([]any) {
		xm := x.(map[string]any)
		out[fmt.Sprint(xm["org_code"])] = fmt.Sprint(xm["status"])
	}
	return r.Status, out
}

// TestMeasureReportReachesLeadAndBureau: a co-unit's report is a measure-progress submission
// prefilled with a row per measure it is responsible for; while a draft nobody else sees it;
// once submitted the lead unit (区人力社保局 for measure 17) and the bureau see its row, a unit of
// other measures and a school get 404, a co-unit sees only its own row; the bureau reviews it
// through the submission workflow.
func TestMeasureReportReachesLeadAndBureau(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		m := newMeasureEnv(t, kind)
		e := m.e
		sid, version, doc := openReport(t, e, m.czj)
		if doc["form"] != "measure-progress" || doc["period"] != "2026Q1" || doc["status"] != "draft" {
			t.Fatalf("report: %v", doc)
		}
		rows := doc["values"].(map[string]any)["measures"].([]any)
		var nums []string
		for _, r := range rows {
			nums = append(nums, fmt.Sprint(r.(map[string]any)["measure"]))
		}
		if fmt.Sprint(nums) != "[1 2 3 4 16 17]" {
			t.Fatalf("czj's prefilled rows: %v", nums)
		}
		// Opening again returns the same draft, rows untouched.
		if again, _, _ := openReport(t, e, m.czj); again != sid {
			t.Fatalf("second open gave %d, want %d", again, sid)
		}
		for _, r := range rows {
			rm := r.(map[string]any)
			rm["done"] = "完成季度任务"
			rm["status"] = "on_track"
			rm["percent"] = 50
			if rm["measure"] == "17" {
				rm["status"], rm["percent"], rm["problems"] = "at_risk", 30, "资金缺口"
			}
		}
		save := e.Do(http.MethodPut, fmt.Sprintf("/api/v1/submissions/%d", sid), m.czj,
			map[string]any{"values": map[string]any{"measures": rows}, "version": version})
		wantStatus(t, save, http.StatusOK)
		version = int(save.JSON(t)["version"].(float64))

		if st, got := reportRows(t, e, m.rlsbj, 17); st != http.StatusOK || len(got) != 0 {
			t.Fatalf("a draft reached the lead unit: %d %v", st, got)
		}
		sub := e.Do(http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/submit", sid), m.czj, map[string]any{"version": version})
		wantStatus(t, sub, http.StatusOK)
		version = int(sub.JSON(t)["version"].(float64))

		for _, tc := range []struct {
			name    string
			token   string
			measure int
			status  int
			rows    string
		}{
			{"reports-lead-sees-co-unit", m.rlsbj, 17, http.StatusOK, "map[czj:at_risk]"},
			{"reports-bureau-sees-co-unit", m.reviewer, 17, http.StatusOK, "map[czj:at_risk]"},
			{"reports-leader-sees-co-unit", m.leader, 17, http.StatusOK, "map[czj:at_risk]"},
			{"reports-co-unit-sees-own", m.czj, 17, http.StatusOK, "map[czj:at_risk]"},
			{"reports-co-unit-not-others", m.rlsbj, 16, http.StatusOK, "map[]"},
			{"reports-404-other-unit", m.fgw, 17, http.StatusNotFound, "map[]"},
			{"reports-404-school", m.xhzx, 17, http.StatusNotFound, "map[]"},
			{"reports-fgw-lead-not-its", m.fgw, 1, http.StatusOK, "map[]"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				st, got := reportRows(t, e, tc.token, tc.measure)
				if st != tc.status || fmt.Sprint(got) != tc.rows {
					t.Fatalf("got %d %v, want %d %s", st, got, tc.status, tc.rows)
				}
			})
		}
		// The bureau reviews it like any submission; a unit cannot.
		wantStatus(t, e.Do(http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/approve", sid), m.rlsbj, map[string]any{"version": version}),
			http.StatusForbidden)
		wantStatus(t, e.Do(http.MethodPost, fmt.Sprintf("/api/v1/submissions/%d/approve", sid), m.reviewer, map[string]any{"version": version}),
			http.StatusOK)
		r := e.Do(http.MethodGet, "/api/v1/measures/17/reports", m.rlsbj, nil)
		if x := r.JSON(t)["items"].([]any)[0].(map[string]any); x["report_status"] != "approved" || x["percent"].(float64) != 30 ||
			x["problems"] != "资金缺口" || x["lead"] != false {
			t.Fatalf("approved row: %v", x)
		}
		// The board counts it: measure 17's lead has not reported, one of its three units has.
		b := e.Do(http.MethodGet, "/api/v1/measures/board", m.leader, nil)
		wantStatus(t, b, http.StatusOK)
		for _, x := range b.JSON(t)["measures"].([]any) {
			if xm := x.(map[string]any); xm["number"].(float64) == 17 && (xm["reported"].(float64) != 1 || xm["units"].(float64) != 3 || xm["status"] != "") {
				t.Fatalf("board row of measure 17: %v", xm)
			}
		}
		wantStatus(t, e.Do(http.MethodGet, "/api/v1/measures/board", m.czj, nil), http.StatusForbidden)
		wantStatus(t, e.Do(http.MethodGet, "/api/v1/measures/board", m.xhzx, nil), http.StatusForbidden)
		// A school has no progress report to open.
		wantStatus(t, e.Do(http.MethodPost, "/api/v1/measures/report", m.xhzx, map[string]any{}), http.StatusUnprocessableEntity)
		wantProblem(t, e.Do(http.MethodPost, "/api/v1/measures/report", m.czj, map[string]any{"period": "2026"}), http.StatusUnprocessableEntity, "validation")
	})
}

// TestMeasureImportVersions: only a sysadmin imports; a change is a new version and the old one
// is kept; an unchanged import stores nothing; bad input is field errors.
func TestMeasureImportVersions(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		m := newMeasureEnv(t, kind)
		e := m.e
		r := e.Do(http.MethodGet, "/api/v1/measures/17/versions", m.admin, nil)
		wantStatus(t, r, http.StatusOK)
		def := r.JSON(t)["items"].([]any)[0].(map[string]any)["measure"].(map[string]any)
		wantStatus(t, e.Do(http.MethodPost, "/api/v1/measures", m.reviewer, map[string]any{"measures": []any{def}}), http.StatusForbidden)
		same := e.Do(http.MethodPost, "/api/v1/measures", m.admin, map[string]any{"measures": []any{def}})
		wantStatus(t, same, http.StatusOK)
		if x := same.JSON(t)["items"].([]any)[0].(map[string]any); x["changed"] != false || x["version"].(float64) != 1 {
			t.Fatalf("unchanged import: %v", x)
		}
		def["milestones"] = append(def["milestones"].([]any), map[string]any{"key": "pay-2026", "title": "2026年工资联动", "due": "2026-12-31"})
		changed := e.Do(http.MethodPost, "/api/v1/measures", m.admin, map[string]any{"measures": []any{def}})
		wantStatus(t, changed, http.StatusOK)
		if x := changed.JSON(t)["items"].([]any)[0].(map[string]any); x["changed"] != true || x["version"].(float64) != 2 {
			t.Fatalf("changed import: %v", x)
		}
		r = e.Do(http.MethodGet, "/api/v1/measures/17/versions", m.leader, nil)
		vs := r.JSON(t)["items"].([]any)
		if len(vs) != 2 || vs[0].(map[string]any)["version"].(float64) != 2 || vs[1].(map[string]any)["version"].(float64) != 1 {
			t.Fatalf("versions: %s", r.Body)
		}
		if g := e.Do(http.MethodGet, "/api/v1/measures/17", m.leader, nil).JSON(t); g["version"].(float64) != 2 || len(g["milestones"].([]any)) != 5 {
			t.Fatalf("current measure 17: %v", g)
		}
		bad := map[string]any{"number": 17, "part": "x", "title": "x", "text": "x", "lead": "nope", "co_units": []string{"czj", "czj"},
			"milestones": []any{map[string]any{"key": "A", "title": "", "due": "2025-13-01"}}, "indicators": []string{"no.such"}}
		p := wantProblem(t, e.Do(http.MethodPost, "/api/v1/measures", m.admin, map[string]any{"measures": []any{bad}}),
			http.StatusUnprocessableEntity, "validation")
		wantFields(t, p, map[string]string{"measures[0].lead": "unknown_org", "measures[0].co_units[1]": "duplicate",
			"measures[0].milestones[0].key": "invalid_key", "measures[0].milestones[0].title": "required",
			"measures[0].milestones[0].due": "invalid_date", "measures[0].indicators[0]": "unknown_indicator"})
		var n int64
		if err := e.App.DB.Table("audit_log").Where("action = ? AND object_id = ?", "measure.import", "17").Count(&n).Error; err != nil || n != 1 {
			t.Fatalf("measure.import audit rows: %d %v", n, err)
		}
	})
}

// TestNoticeLifecycle: a reviewer issues a notice to 区财政局; the unit answers; the reviewer
// returns, escalates 提醒 → 督办 → 通报 and closes it. Each step is checked against the roles and
// orgs that may not take it, and each writes its audit row.
func TestNoticeLifecycle(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		m := newMeasureEnv(t, kind)
		e := m.e
		deadline := e.Clock.Now().Add(72 * time.Hour).Format(time.RFC3339)
		issue := map[string]any{"org_id": e.OrgID("czj"), "measure": 16, "reason": "measure_at_risk", "title": "教师培训经费保障",
			"required_action": "报送培训经费预算", "deadline": deadline}
		wantStatus(t, e.Do(http.MethodPost, "/api/v1/notices", m.czj, issue), http.StatusForbidden)
		wantStatus(t, e.Do(http.MethodPost, "/api/v1/notices", m.leader, issue), http.StatusForbidden)
		p := wantProblem(t, e.Do(http.MethodPost, "/api/v1/notices", m.reviewer, map[string]any{"org_id": 999999, "reason": "milestone_overdue",
			"title": "", "required_action": "x", "deadline": e.Clock.Now().Add(-time.Hour).Format(time.RFC3339), "level": "loud"}),
			http.StatusUnprocessableEntity, "validation")
		wantFields(t, p, map[string]string{"org_id": "not_found", "measure": "required", "title": "required", "deadline": "in_past", "level": "invalid_option"})
		r := e.Do(http.MethodPost, "/api/v1/notices", m.reviewer, issue)
		wantStatus(t, r, http.StatusCreated)
		n := r.JSON(t)
		id := int64(n["id"].(float64))
		if n["level"] != "reminder" || n["status"] != "open" || n["org_code"] != "czj" {
			t.Fatalf("issued: %v", n)
		}
		// The unit's clerk finds it in the inbox, sent in the notice's transaction.
		inbox := e.Do(http.MethodGet, "/api/v1/inbox", m.czj, nil)
		wantStatus(t, inbox, http.StatusOK)
		if list, _ := items(t, inbox); len(list) != 1 || fmt.Sprint(list[0]["link"]) != fmt.Sprintf("/notices/%d", id) {
			t.Fatalf("czj's inbox after the notice: %s", inbox.Body)
		}
		if list, _ := items(t, e.Do(http.MethodGet, "/api/v1/inbox", m.fgw, nil)); len(list) != 0 {
			t.Fatalf("another unit's inbox has the notice: %v", list)
		}
		path := func(action string) string { return fmt.Sprintf("/api/v1/notices/%d/%s", id, action) }
		get := fmt.Sprintf("/api/v1/notices/%d", id)
		version := func() int { return int(e.Do(http.MethodGet, get, m.reviewer, nil).JSON(t)["version"].(float64)) }
		steps := []struct {
			name   string
			token  string
			action string
			body   map[string]any
			status int
			code   string
			level  string
			state  string
		}{
			{"answer-404-other-unit", m.fgw, "answer", map[string]any{"text": "x"}, http.StatusNotFound, "not_found", "", ""},
			{"answer-404-school", m.xhzx, "answer", map[string]any{"text": "x"}, http.StatusNotFound, "not_found", "", ""},
			{"answer-403-leader", m.leader, "answer", map[string]any{"text": "x"}, http.StatusForbidden, "forbidden", "", ""},
			{"answer-422-empty", m.czj, "answer", map[string]any{"text": " "}, http.StatusUnprocessableEntity, "validation", "", ""},
			{"answer-422-evidence", m.czj, "answer", map[string]any{"text": "x", "evidence": []string{"not-a-file"}}, http.StatusUnprocessableEntity, "validation", "", ""},
			{"answer-409-stale-version", m.czj, "answer", map[string]any{"text": "x", "version": 99}, http.StatusConflict, "stale_version", "", ""},
			{"close-403-unit", m.czj, "close", map[string]any{}, http.StatusForbidden, "forbidden", "", ""},
			{"return-409-not-answered", m.reviewer, "return", map[string]any{"text": "x"}, http.StatusConflict, "not_answered", "", ""},
			{"answer-200", m.czj, "answer", map[string]any{"text": "已报送预算安排", "version": 0}, http.StatusOK, "", "reminder", "answered"},
			{"answer-409-already-answered", m.czj, "answer", map[string]any{"text": "again"}, http.StatusConflict, "not_open", "", ""},
			{"return-200", m.reviewer, "return", map[string]any{"text": "请附预算文件"}, http.StatusOK, "", "reminder", "open"},
			{"escalate-403-unit", m.czj, "escalate", map[string]any{}, http.StatusForbidden, "forbidden", "", ""},
			{"escalate-200-supervise", m.reviewer, "escalate", map[string]any{"text": "逾期未改"}, http.StatusOK, "", "supervise", "open"},
			{"escalate-200-circulate", m.reviewer, "escalate", map[string]any{"text": "全区通报"}, http.StatusOK, "", "circulate", "open"},
			{"escalate-409-top", m.reviewer, "escalate", map[string]any{}, http.StatusConflict, "top_level", "", ""},
			{"answer-200-again", m.czj, "answer", map[string]any{"text": "已整改"}, http.StatusOK, "", "circulate", "answered"},
			{"close-200", m.reviewer, "close", map[string]any{"text": "整改到位"}, http.StatusOK, "", "circulate", "closed"},
			{"escalate-409-closed", m.reviewer, "escalate", map[string]any{}, http.StatusConflict, "closed", "", ""},
			{"answer-409-closed", m.czj, "answer", map[string]any{"text": "x"}, http.StatusConflict, "not_open", "", ""},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				if v, ok := s.body["version"]; ok && v == 0 {
					s.body["version"] = version()
				}
				r := e.Do(http.MethodPost, path(s.action), s.token, s.body)
				if s.code != "" {
					wantProblem(t, r, s.status, s.code)
					return
				}
				wantStatus(t, r, s.status)
				got := r.JSON(t)
				if got["level"] != s.level || got["status"] != s.state {
					t.Fatalf("after %s: level %v status %v, want %s %s", s.action, got["level"], got["status"], s.level, s.state)
				}
			})
		}
		d := e.Do(http.MethodGet, get, m.czj, nil)
		wantStatus(t, d, http.StatusOK)
		var kinds []string
		for _, ev := range d.JSON(t)["events"].([]any) {
			kinds = append(kinds, fmt.Sprint(ev.(map[string]any)["kind"]))
		}
		if fmt.Sprint(kinds) != "[issue answer return escalate escalate answer close]" {
			t.Fatalf("events: %v", kinds)
		}
		var audits []string
		if err := e.App.DB.Table("audit_log").Where("object_type = ? AND object_id = ?", "notice", fmt.Sprint(id)).
			Order("id").Pluck("action", &audits).Error; err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(audits) != "[notice.issue notice.answer notice.return notice.escalate notice.escalate notice.answer notice.close]" {
			t.Fatalf("audit rows: %v", audits)
		}
	})
}

// TestNoticeVisibility: a notice is seen by its unit and the bureau; a 通报 also by the plan's
// other responsible units; never by a school, whose own notices no other school sees; a user
// without a role gets 403.
func TestNoticeVisibility(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind string) {
		m := newMeasureEnv(t, kind)
		e := m.e
		issue := func(org string, level string) int64 {
			r := e.Do(http.MethodPost, "/api/v1/notices", m.reviewer, map[string]any{"org_id": e.OrgID(org), "reason": "task_overdue",
				"title": "数据填报逾期 " + org, "required_action": "尽快填报", "deadline": e.Clock.Now().Add(48 * time.Hour).Format(time.RFC3339),
				"level": level})
			wantStatus(t, r, http.StatusCreated)
			return int64(r.JSON(t)["id"].(float64))
		}
		toCzj := issue("czj", "reminder")
		toZjw := issue("zjw", "circulate")
		toXhzx := issue("xhzx", "supervise")
		wlzx := e.Login("wlzx")
		none := unitUser(t, e, "no-role-2", "czj")
		sees := func(token string) string {
			r := e.Do(http.MethodGet, "/api/v1/notices?page_size=100", token, nil)
			wantStatus(t, r, http.StatusOK)
			list, total := items(t, r)
			if total != len(list) {
				t.Fatalf("total %d, %d items", total, len(list))
			}
			return fmt.Sprint(strs(list, "org_code"))
		}
		for _, tc := range []struct {
			name, token, want string
		}{
			{"list-reviewer-all", m.reviewer, "[czj xhzx zjw]"},
			{"list-leader-all", m.leader, "[czj xhzx zjw]"},
			{"list-unit-own-and-circulated", m.czj, "[czj zjw]"},
			{"list-other-unit-circulated-only", m.fgw, "[zjw]"},
			{"list-school-own-only", m.xhzx, "[xhzx]"},
			{"list-other-school-none", wlzx, "[]"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := sees(tc.token); got != tc.want {
					t.Fatalf("sees %s, want %s", got, tc.want)
				}
			})
		}
		for _, tc := range []struct {
			name   string
			token  string
			id     int64
			status int
		}{
			{"get-200-own", m.czj, toCzj, http.StatusOK},
			{"get-404-other-unit", m.fgw, toCzj, http.StatusNotFound},
			{"get-200-circulated", m.fgw, toZjw, http.StatusOK},
			{"get-404-school-circulated", m.xhzx, toZjw, http.StatusNotFound},
			{"get-404-other-school", wlzx, toXhzx, http.StatusNotFound},
			{"get-404-unit-school", m.czj, toXhzx, http.StatusNotFound},
			{"get-403-no-role", none, toCzj, http.StatusForbidden},
			{"get-404-missing", m.reviewer, 999999, http.StatusNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantStatus(t, e.Do(http.MethodGet, fmt.Sprintf("/api/v1/notices/%d", tc.id), tc.token, nil), tc.status)
			})
		}
		// A circulated notice is read, not answered, by the other units.
		wantStatus(t, e.Do(http.MethodPost, fmt.Sprintf("/api/v1/notices/%d/answer", toZjw), m.fgw, map[string]any{"text": "x"}), http.StatusNotFound)
		// The board: open notices and the units ranked by them.
		b := e.Do(http.MethodGet, "/api/v1/measures/board", m.leader, nil).JSON(t)
		if len(b["open_notices"].([]any)) != 3 {
			t.Fatalf("board open notices: %v", b["open_notices"])
		}
		// A notice about a measure counts on that measure's row.
		r := e.Do(http.MethodPost, "/api/v1/notices", m.reviewer, map[string]any{"org_id": e.OrgID("rlsbj"), "measure": 17,
			"reason": "measure_at_risk", "title": "工资联动", "required_action": "报送测算", "deadline": e.Clock.Now().Add(48 * time.Hour).Format(time.RFC3339)})
		wantStatus(t, r, http.StatusCreated)
		b = e.Do(http.MethodGet, "/api/v1/measures/board", m.leader, nil).JSON(t)
		for _, x := range b["measures"].([]any) {
			xm := x.(map[string]any)
			if want := map[float64]float64{17: 1}[xm["number"].(float64)]; xm["open_notices"].(float64) != want {
				t.Fatalf("measure %v: %v open notices, want %v", xm["number"], xm["open_notices"], want)
			}
		}
		wantStatus(t, e.Do(http.MethodPost, fmt.Sprintf("/api/v1/notices/%d/close", int64(r.JSON(t)["id"].(float64))), m.reviewer, map[string]any{}),
			http.StatusOK)
		b = e.Do(http.MethodGet, "/api/v1/measures/board", m.leader, nil).JSON(t)
		var codes []string
		for _, u := range b["units"].([]any) {
			um := u.(map[string]any)
			if um["open_notices"].(float64) > 0 {
				codes = append(codes, fmt.Sprint(um["code"]))
			}
		}
		if len(codes) != 3 {
			t.Fatalf("units with open notices: %v", codes)
		}
		// Past the deadline the open notices count as overdue items of their units.
		overdue := func(b map[string]any) string {
			got := map[string]any{}
			for _, u := range b["units"].([]any) {
				um := u.(map[string]any)
				if um["open_notices"].(float64) > 0 {
					got[fmt.Sprint(um["code"])] = um["overdue_notices"]
				}
			}
			return fmt.Sprint(got)
		}
		if got := overdue(b); got != "map[czj:0 xhzx:0 zjw:0]" {
			t.Fatalf("overdue notices before the deadline: %s", got)
		}
		e.Clock.Advance(72 * time.Hour)
		b = e.Do(http.MethodGet, "/api/v1/measures/board", e.Login("leader"), nil).JSON(t)
		if got := overdue(b); got != "map[czj:1 xhzx:1 zjw:1]" {
			t.Fatalf("overdue notices after the deadline: %s", got)
		}
	})
}

// measuresContract exercises every measure and notice route with a success and an error for
// TestOpenAPIContract.
func measuresContract(t *testing.T, c *contract) {
	const v1 = "/api/v1"
	admin, reviewer, leader, czj, xhzx := c.login(t, "admin"), c.login(t, "reviewer"), c.login(t, "leader"), c.login(t, "czj"), c.login(t, "xhzx")
	c.get(t, leader, v1+"/measures", 200)
	c.get(t, czj, v1+"/measures?mine=1", 200)
	c.bad(t, "GET", "", v1+"/measures", nil, "", 401)
	c.get(t, leader, v1+"/measures/17", 200)
	c.get(t, leader, v1+"/measures/99", 404)
	vs := c.get(t, admin, v1+"/measures/17/versions", 200)
	c.get(t, admin, v1+"/measures/98/versions", 404)
	def := vs.JSON(t)["items"].([]any)[0].(map[string]any)["measure"]
	c.send(t, "POST", admin, v1+"/measures", map[string]any{"measures": []any{def}}, 200)
	c.send(t, "POST", reviewer, v1+"/measures", map[string]any{"measures": []any{def}}, 403)
	c.send(t, "POST", admin, v1+"/measures", map[string]any{"measures": []any{}}, 422)
	rep := c.send(t, "POST", czj, v1+"/measures/report", map[string]any{}, 200)
	c.send(t, "POST", czj, v1+"/measures/report", map[string]any{"period": "2026"}, 422)
	sid := num(t, rep.JSON(t), "submission_id")
	sub := c.get(t, czj, fmt.Sprintf("%s/submissions/%d", v1, sid), 200).JSON(t)
	rows := sub["values"].(map[string]any)["measures"].([]any)
	for _, r := range rows {
		r.(map[string]any)["done"] = "完成"
	}
	saved := c.send(t, "PUT", czj, fmt.Sprintf("%s/submissions/%d", v1, sid), map[string]any{"values": map[string]any{"measures": rows},
		"version": sub["version"]}, 200).JSON(t)
	c.send(t, "POST", czj, fmt.Sprintf("%s/submissions/%d/submit", v1, sid), map[string]any{"version": saved["version"]}, 200)
	c.get(t, reviewer, v1+"/measures/17/reports", 200)
	c.get(t, xhzx, v1+"/measures/17/reports", 404)
	c.get(t, leader, v1+"/measures/board", 200)
	c.get(t, czj, v1+"/measures/board", 403)

	deadline := c.Clock.Now().Add(48 * time.Hour).Format(time.RFC3339)
	n := c.send(t, "POST", reviewer, v1+"/notices", map[string]any{"org_id": c.OrgID("czj"), "measure": 16, "reason": "measure_at_risk",
		"title": "经费保障", "required_action": "报送预算", "deadline": deadline}, 201).JSON(t)
	c.send(t, "POST", reviewer, v1+"/notices", map[string]any{"org_id": c.OrgID("czj"), "reason": "measure_at_risk", "title": "",
		"required_action": "x", "deadline": deadline}, 422)
	c.send(t, "POST", czj, v1+"/notices", map[string]any{"org_id": c.OrgID("czj"), "reason": "other", "title": "x",
		"required_action": "x", "deadline": deadline}, 403)
	nid := num(t, n, "id")
	c.get(t, reviewer, v1+"/notices/candidates?days=7", 200)
	c.get(t, czj, v1+"/notices/candidates", 403)
	c.bad(t, "GET", reviewer, v1+"/notices/candidates?days=0", nil, "", 422)
	c.get(t, czj, v1+"/notices?status=open", 200)
	c.bad(t, "GET", czj, v1+"/notices?status=maybe", nil, "", 422)
	c.get(t, czj, fmt.Sprintf("%s/notices/%d", v1, nid), 200)
	c.get(t, xhzx, fmt.Sprintf("%s/notices/%d", v1, nid), 404)
	step := func(tok, action string, body map[string]any, want int) {
		c.send(t, "POST", tok, fmt.Sprintf("%s/notices/%d/%s", v1, nid, action), body, want)
	}
	step(czj, "answer", map[string]any{"text": ""}, 422)
	// The answer with a photo, as multipart; the photo is then downloaded by the bureau.
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	_ = mw.WriteField("text", "已报送")
	fw, _ := mw.CreateFormFile("files", "照片.png")
	_, _ = fw.Write(evidencePNG)
	_ = mw.Close()
	c.do(t, req{method: http.MethodPost, path: fmt.Sprintf("%s/notices/%d/answer", v1, nid), token: czj, body: mb.Bytes(),
		contentType: mw.FormDataContentType()}, 200)
	evs := c.get(t, reviewer, fmt.Sprintf("%s/notices/%d", v1, nid), 200).JSON(t)["events"].([]any)
	photo := evs[len(evs)-1].(map[string]any)["evidence"].([]any)[0].(map[string]any)
	c.get(t, reviewer, fmt.Sprint(photo["url"]), 200)
	c.get(t, xhzx, fmt.Sprint(photo["url"]), 404)
	step(czj, "answer", map[string]any{"text": "again"}, 409)
	step(reviewer, "return", map[string]any{"text": "请补充"}, 200)
	step(reviewer, "return", map[string]any{"text": "again"}, 409)
	step(reviewer, "escalate", map[string]any{"text": "督办"}, 200)
	step(czj, "escalate", map[string]any{}, 403)
	step(reviewer, "close", map[string]any{"version": 1}, 409)
	step(reviewer, "close", map[string]any{}, 200)
}
